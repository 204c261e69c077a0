import Yams
import HeraldCatalog

/// An event bus declared in the file. Declaring `default` is allowed (to set its description); it always exists.
public struct BusDeclaration: Sendable, Equatable {
    /// The `CreateEventBus` request.
    public var input: CreateEventBusInput
    /// Where the bus and its members are in the file.
    public var sources: SourceMap

    /// Creates a declaration.
    public init(input: CreateEventBusInput, sources: SourceMap) {
        self.input = input
        self.sources = sources
    }

    /// The bus name.
    public var name: String { input.name ?? "" }

    /// Parses one bus.
    static func parse(_ node: ConfigNode, name entryName: ConfigNode?) throws(ConfigError) -> BusDeclaration {
        if entryName == nil, case .scalar = node.node {
            let name = try node.string()
            try Names.check(name, at: node, maxLength: 256)
            var sources = SourceMap(root: node.site)
            sources.record("name", node)
            return BusDeclaration(input: CreateEventBusInput(name: name), sources: sources)
        }
        let map = try node.mapping(["Name", "Description", "KmsKeyIdentifier", "DeadLetterConfig", "Tags"])
        var sources = SourceMap(root: node.site)
        let name = try ResourceName.read(map, entryName: entryName, owner: node, maxLength: 256, sources: &sources)
        var input = CreateEventBusInput(name: name)
        if let description = map["Description"] {
            sources.record("description", description)
            input.description = try description.string()
        }
        if let kms = map["KmsKeyIdentifier"] {
            sources.record("kmsKeyIdentifier", kms)
            input.kmsKeyIdentifier = try kms.string()
        }
        if let dead = map["DeadLetterConfig"] {
            sources.record("deadLetterConfig", dead)
            input.deadLetterConfig = DeadLetterConfig(arn: try dead.mapping(["Arn"]).require("Arn").nonEmptyString())
        }
        if let tags = map["Tags"] {
            sources.record("tags", tags)
            input.tags = try TagList.parse(tags)
        }
        return BusDeclaration(input: input, sources: sources)
    }
}
