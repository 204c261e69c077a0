extension Catalog {
    /// `CreateEventBus`: creates a custom bus.
    /// - Throws: `ValidationException`, `ResourceAlreadyExistsException`, `ResourceNotFoundException` (partner
    ///   sources do not exist in Herald), `LimitExceededException`.
    public func createEventBus(_ input: CreateEventBusInput) throws(CatalogError) -> EventBus {
        var v = ShapeValidator()
        v.string(input.name, "name", required: true, min: 1, max: 256, pattern: ModelPattern.eventBusName)
        v.string(input.eventSourceName, "eventSourceName", min: 1, max: 256, pattern: #"aws\.partner(/[\.\-_A-Za-z0-9]+){2,}"#)
        v.string(input.description, "description", max: 512)
        v.string(input.kmsKeyIdentifier, "kmsKeyIdentifier", max: 2048, pattern: ModelPattern.kmsKeyIdentifier)
        v.string(input.deadLetterConfig?.arn, "deadLetterConfig.arn", min: 1, max: 1600)
        v.enumeration(input.logConfig?.includeDetail, "logConfig.includeDetail", allowed: ["NONE", "FULL"])
        v.enumeration(input.logConfig?.level, "logConfig.level", allowed: ["OFF", "ERROR", "INFO", "TRACE"])
        Tag.validate(input.tags, "tags", into: &v)
        try v.check()
        guard let name = input.name else { throw .validation("Name is required.") }
        if let source = input.eventSourceName { throw .resourceNotFound("Event source \(source) does not exist.") }
        if name.contains("/") { throw .validation("Event bus name must not contain '/'.") }
        guard state.eventBuses[name] == nil else { throw .resourceAlreadyExists("Event bus \(name) already exists.") }
        guard state.eventBuses.count < configuration.maxEventBuses else {
            throw .limitExceeded("The requested resource exceeds the maximum number allowed (\(configuration.maxEventBuses) event buses).")
        }
        try checkTagCount(input.tags)
        let time = now()
        let bus = EventBus(
            name: name, arn: arns.eventBus(name), description: input.description, kmsKeyIdentifier: input.kmsKeyIdentifier,
            deadLetterConfig: input.deadLetterConfig, logConfig: input.logConfig, creationTime: time, lastModifiedTime: time
        )
        var next = state
        next.eventBuses[name] = bus
        var changes: [String: [UInt8]?] = [CatalogRecords.key(bus: name): try CatalogRecords.encode(bus)]
        if let tags = input.tags, !tags.isEmpty {
            next.tags[bus.arn] = tags
            changes[CatalogRecords.key(tags: bus.arn)] = try CatalogRecords.encode(tags)
        }
        try commit(next, changes)
        return bus
    }

    /// `DescribeEventBus`: the bus named by a name or ARN (the default bus when nil).
    public func describeEventBus(nameOrArn: String?) throws(CatalogError) -> EventBus {
        var v = ShapeValidator()
        v.string(nameOrArn, "name", min: 1, max: 1600, pattern: ModelPattern.eventBusNameOrArn)
        try v.check()
        return try requireBus(nameOrArn)
    }

    /// `UpdateEventBus`: replaces the description, KMS key, dead-letter and log settings that are given.
    public func updateEventBus(
        nameOrArn: String?, description: String?, kmsKeyIdentifier: String?, deadLetterConfig: DeadLetterConfig?,
        logConfig: LogConfig?
    ) throws(CatalogError) -> EventBus {
        var v = ShapeValidator()
        v.string(nameOrArn, "name", min: 1, max: 256, pattern: ModelPattern.eventBusName)
        v.string(description, "description", max: 512)
        v.string(kmsKeyIdentifier, "kmsKeyIdentifier", max: 2048, pattern: ModelPattern.kmsKeyIdentifier)
        try v.check()
        var bus = try requireBus(nameOrArn)
        if let description { bus.description = description }
        if let kmsKeyIdentifier { bus.kmsKeyIdentifier = kmsKeyIdentifier }
        if let deadLetterConfig { bus.deadLetterConfig = deadLetterConfig }
        if let logConfig { bus.logConfig = logConfig }
        bus.lastModifiedTime = now()
        var next = state
        next.eventBuses[bus.name] = bus
        try commit(next, [CatalogRecords.key(bus: bus.name): try CatalogRecords.encode(bus)])
        return bus
    }

    /// `ListEventBuses`, sorted by name.
    public func listEventBuses(namePrefix: String?, page: PageRequest) throws(CatalogError) -> Page<EventBus> {
        var v = ShapeValidator()
        v.string(namePrefix, "namePrefix", min: 1, max: 256, pattern: ModelPattern.eventBusName)
        try v.check()
        let buses = state.eventBuses.values.filter { $0.name.hasPrefix(namePrefix ?? "") }.sorted { $0.name < $1.name }
        return try Paginator.page(buses, key: \.name, page)
    }

    /// `DeleteEventBus`: deletes a custom bus that has no rules; deleting a missing bus succeeds (as in AWS).
    /// - Throws: `ValidationException` for the default bus or a bus that still has rules.
    public func deleteEventBus(name: String?) throws(CatalogError) {
        var v = ShapeValidator()
        v.string(name, "name", required: true, min: 1, max: 256, pattern: ModelPattern.eventBusName)
        try v.check()
        guard let name else { return }
        if name == EventBus.defaultName { throw .validation("Cannot delete event bus default.") }
        guard let bus = state.eventBuses[name] else { return }
        if state.rules.keys.contains(where: { $0.bus == name }) {
            throw .validation("Event bus \(name) still has rules; delete them before deleting the bus.")
        }
        // An archive is a rule of its bus in EventBridge (a managed one), so AWS refuses such a delete too. Left
        // behind, the archive would keep holding back log compaction for a bus that no longer exists.
        let archives = state.archives.values.filter { $0.eventSourceArn == bus.arn }.map(\.name).sorted()
        if !archives.isEmpty {
            throw .validation("Event bus \(name) still has archives (\(archives.joined(separator: ", "))); delete them before deleting the bus.")
        }
        var next = state
        next.eventBuses[name] = nil
        next.tags[bus.arn] = nil
        try commit(next, [CatalogRecords.key(bus: name): nil, CatalogRecords.key(tags: bus.arn): nil])
    }

    func checkTagCount(_ tags: [Tag]?) throws(CatalogError) {
        if let tags, Set(tags.map(\.key)).count > configuration.maxTagsPerResource {
            throw .limitExceeded("A resource can have at most \(configuration.maxTagsPerResource) tags.")
        }
    }
}
