extension Catalog {
    /// `CreateArchive` for a bus, optionally filtered by a pattern. Archives start `ENABLED`.
    /// - Throws: `ValidationException`, `InvalidEventPatternException`, `ResourceNotFoundException` (bus),
    ///   `ResourceAlreadyExistsException`, `LimitExceededException`.
    public func createArchive(_ input: ArchiveInput) throws(CatalogError) -> Archive {
        try Self.validate(input, creating: true)
        guard let name = input.archiveName, let source = input.eventSourceArn else {
            throw .validation("ArchiveName and EventSourceArn are required.")
        }
        guard state.eventBus(arn: source) != nil else { throw .resourceNotFound("Event bus \(source) does not exist.") }
        if let pattern = input.eventPattern, !pattern.isEmpty { try patterns.validate(pattern: pattern) }
        guard state.archives[name] == nil else { throw .resourceAlreadyExists("Archive \(name) already exists.") }
        guard state.archives.count < configuration.maxArchives else {
            throw .limitExceeded("The requested resource exceeds the maximum number allowed (\(configuration.maxArchives) archives).")
        }
        let archive = Archive(
            name: name, arn: arns.archive(name), eventSourceArn: source, description: input.description,
            eventPattern: input.eventPattern.flatMap { $0.isEmpty ? nil : $0 }, kmsKeyIdentifier: input.kmsKeyIdentifier,
            retentionDays: input.retentionDays ?? 0, creationTime: now()
        )
        try saveArchive(archive)
        return archive
    }

    /// `DescribeArchive`.
    public func describeArchive(name: String?) throws(CatalogError) -> Archive { try requireArchive(name) }

    /// `UpdateArchive`: replaces description, pattern, retention and KMS key when given.
    public func updateArchive(_ input: ArchiveInput) throws(CatalogError) -> Archive {
        try Self.validate(input, creating: false)
        var archive = try requireArchive(input.archiveName)
        if let pattern = input.eventPattern {
            if !pattern.isEmpty { try patterns.validate(pattern: pattern) }
            archive.eventPattern = pattern.isEmpty ? nil : pattern
        }
        if let description = input.description { archive.description = description }
        if let days = input.retentionDays { archive.retentionDays = days }
        if let kms = input.kmsKeyIdentifier { archive.kmsKeyIdentifier = kms }
        try saveArchive(archive)
        return archive
    }

    /// `DeleteArchive`.
    public func deleteArchive(name: String?) throws(CatalogError) {
        let archive = try requireArchive(name)
        var next = state
        next.archives[archive.name] = nil
        try commit(next, [CatalogRecords.key(archive: archive.name): nil])
    }

    /// `ListArchives`, filtered by name prefix, source bus and state, sorted by name.
    /// ListArchives and ListReplays take at most one of `NamePrefix`, `EventSourceArn`, `State`, as AWS does.
    static func checkOneFilter(_ filters: [String?], operation: String) throws(CatalogError) {
        guard filters.compactMap({ $0 }).count <= 1 else {
            throw .validation("At most one filter is allowed for \(operation). Use either : State, EventSourceArn, or NamePrefix.")
        }
    }

    public func listArchives(namePrefix: String?, eventSourceArn: String?, state archiveState: String?, page: PageRequest) throws(CatalogError) -> Page<Archive> {
        var v = ShapeValidator()
        v.string(namePrefix, "namePrefix", min: 1, max: 48, pattern: ModelPattern.name)
        v.string(eventSourceArn, "eventSourceArn", min: 1, max: 1600, pattern: ModelPattern.eventBusArn)
        v.enumeration(archiveState, "state", allowed: ArchiveState.allCases.map(\.rawValue))
        try v.check()
        try Self.checkOneFilter([namePrefix, eventSourceArn, archiveState], operation: "ListArchives")
        if let eventSourceArn, state.eventBus(arn: eventSourceArn) == nil {
            throw .resourceNotFound("Event bus \(eventSourceArn) does not exist.")
        }
        let items = state.archives.values.filter {
            $0.name.hasPrefix(namePrefix ?? "") && (eventSourceArn == nil || $0.eventSourceArn == eventSourceArn)
                && (archiveState == nil || $0.state.rawValue == archiveState)
        }.sorted { $0.name < $1.name }
        return try Paginator.page(items, key: \.name, page)
    }

    /// Records the archiver's running totals for an archive (not an EventBridge operation).
    public func recordArchiveStatistics(name: String, eventCount: Int64, sizeBytes: Int64) throws(CatalogError) {
        var archive = try requireArchive(name)
        archive.eventCount = eventCount
        archive.sizeBytes = sizeBytes
        try saveArchive(archive)
    }

    private func saveArchive(_ archive: Archive) throws(CatalogError) {
        var next = state
        next.archives[archive.name] = archive
        try commit(next, [CatalogRecords.key(archive: archive.name): try CatalogRecords.encode(archive)])
    }

    func requireArchive(_ name: String?) throws(CatalogError) -> Archive {
        var v = ShapeValidator()
        v.string(name, "archiveName", required: true, min: 1, max: 48, pattern: ModelPattern.name)
        try v.check()
        guard let name, let archive = state.archives[name] else {
            throw .resourceNotFound("Archive \(name ?? "") does not exist.")
        }
        return archive
    }

    private static func validate(_ input: ArchiveInput, creating: Bool) throws(CatalogError) {
        var v = ShapeValidator()
        v.string(input.archiveName, "archiveName", required: true, min: 1, max: 48, pattern: ModelPattern.name)
        v.string(input.eventSourceArn, "eventSourceArn", required: creating, min: 1, max: 1600, pattern: ModelPattern.eventBusArn)
        v.string(input.description, "description", max: 512)
        v.string(input.eventPattern, "eventPattern", max: 4096)
        v.integer(input.retentionDays, "retentionDays", min: 0)
        v.string(input.kmsKeyIdentifier, "kmsKeyIdentifier", max: 2048, pattern: ModelPattern.kmsKeyIdentifier)
        try v.check()
    }
}
