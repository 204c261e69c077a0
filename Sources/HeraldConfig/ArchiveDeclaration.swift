import HeraldCatalog

/// An archive declared in the file; its bus may be named instead of given by ARN.
public struct ArchiveDeclaration: Sendable, Equatable {
    /// The `CreateArchive` request (`eventSourceArn` empty until ``busName`` is resolved).
    public var input: ArchiveInput
    /// Set when the source was given as `EventBus: NAME` (or left out: the `default` bus).
    public var busName: String?
    /// Where the archive and its members are in the file.
    public var sources: SourceMap

    /// Creates a declaration.
    public init(input: ArchiveInput, busName: String?, sources: SourceMap) {
        self.input = input
        self.busName = busName
        self.sources = sources
    }

    /// The archive name.
    public var name: String { input.archiveName ?? "" }

    /// Parses one archive.
    static func parse(_ node: ConfigNode, name entryName: ConfigNode?) throws(ConfigError) -> ArchiveDeclaration {
        let map = try node.mapping([
            "ArchiveName", "Name", "EventSourceArn", "EventBus", "Bus", "Description", "EventPattern", "Pattern",
            "RetentionDays", "KmsKeyIdentifier",
        ])
        var sources = SourceMap(root: node.site)
        let key = map["ArchiveName"] != nil ? "ArchiveName" : "Name"
        let name = try ResourceName.read(map, key: key, entryName: entryName, owner: node, maxLength: 48, field: "archiveName", sources: &sources)
        var input = ArchiveInput(archiveName: name)
        var busName: String?
        if let source = try map.first("EventSourceArn", "EventBus", "Bus") {
            sources.record("eventSourceArn", source)
            if map["EventSourceArn"] != nil { input.eventSourceArn = try source.nonEmptyString() } else { busName = try source.nonEmptyString() }
        } else {
            busName = EventBus.defaultName
        }
        if let pattern = try map.first("EventPattern", "Pattern") {
            sources.record("eventPattern", pattern)
            let text = try pattern.jsonText("EventPattern")
            try PatternCheck.validate(text, node: pattern)
            input.eventPattern = text
        }
        if let days = map["RetentionDays"] {
            sources.record("retentionDays", days)
            input.retentionDays = try days.int(in: 0...Int(Int32.max))
        }
        if let description = map["Description"] {
            sources.record("description", description)
            input.description = try description.string()
        }
        if let kms = map["KmsKeyIdentifier"] {
            sources.record("kmsKeyIdentifier", kms)
            input.kmsKeyIdentifier = try kms.string()
        }
        return ArchiveDeclaration(input: input, busName: busName, sources: sources)
    }
}
