import Foundation

/// The resource catalog: buses, rules and targets, connections, API destinations, archives, replays and tags.
///
/// State lives in memory and is written through to a ``CatalogStore`` (one atomic write per change) before the
/// change becomes visible. Every committed change bumps the snapshot ``CatalogSnapshot/version`` and is published to
/// ``updates()`` subscribers.
public actor Catalog {
    /// Quotas and identity.
    public nonisolated let configuration: CatalogConfiguration
    /// ARN builder for the configured region and account.
    public nonisolated let arns: ARNs
    /// Pattern validation (and matching for `TestEventPattern`).
    public nonisolated let patterns: any EventPatternEngine
    let store: any CatalogStore
    let now: @Sendable () -> Date
    let makeID: @Sendable () -> String
    var state: CatalogSnapshot
    private nonisolated let published: SnapshotBox
    private var subscribers: [AsyncStream<CatalogSnapshot>.Continuation] = []

    /// Opens the catalog: loads every record from `store` and creates the `default` bus if missing.
    /// - Parameters:
    ///   - configuration: region, account and quotas.
    ///   - store: durable storage (e.g. the LMDB `catalog` table); ``InMemoryCatalogStore`` for ephemeral use.
    ///   - patterns: the pattern engine used to validate rule and archive patterns.
    ///   - now: the wall clock used for creation and modification times.
    ///   - makeID: generates the unique suffix of connection and API destination ARNs.
    /// - Throws: ``CatalogError/internal(_:)`` when the store cannot be read or holds an unknown format.
    public init(
        configuration: CatalogConfiguration = .init(), store: any CatalogStore, patterns: any EventPatternEngine,
        now: @escaping @Sendable () -> Date = { Date() },
        makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) throws(CatalogError) {
        self.configuration = configuration
        self.arns = ARNs(region: configuration.region, accountID: configuration.accountID)
        self.patterns = patterns
        self.store = store
        self.now = now
        self.makeID = makeID
        var loaded = try CatalogRecords.load(from: store)
        if loaded.eventBuses[EventBus.defaultName] == nil {
            let time = now()
            let bus = EventBus(
                name: EventBus.defaultName, arn: arns.eventBus(EventBus.defaultName), creationTime: time,
                lastModifiedTime: time
            )
            var changes: [String: [UInt8]?] = [CatalogRecords.formatKey: Array(CatalogRecords.formatVersion.utf8)]
            changes[CatalogRecords.key(bus: bus.name)] = try CatalogRecords.encode(bus)
            try store.apply(changes)
            loaded.eventBuses[bus.name] = bus
        }
        self.state = loaded
        self.published = SnapshotBox(loaded)
    }

    /// The latest committed state. Nonisolated: reading it never waits for a change in progress.
    public nonisolated var snapshot: CatalogSnapshot { published.load() }

    /// A stream that yields the current snapshot at once and then every newer one (only the newest is buffered).
    public func updates() -> AsyncStream<CatalogSnapshot> {
        let (stream, continuation) = AsyncStream.makeStream(of: CatalogSnapshot.self, bufferingPolicy: .bufferingNewest(1))
        continuation.yield(state)
        subscribers.append(continuation)
        return stream
    }

    /// Ends every ``updates()`` stream (call at shutdown).
    public func finishUpdates() {
        for subscriber in subscribers { subscriber.finish() }
        subscribers.removeAll()
    }

    /// Writes `changes` to the store, then makes `newState` current with the next version and publishes it.
    func commit(_ newState: CatalogSnapshot, _ changes: [String: [UInt8]?]) throws(CatalogError) {
        try store.apply(changes)
        var next = newState
        next.version = state.version + 1
        state = next
        published.store(next)
        subscribers.removeAll { subscriber in
            if case .terminated = subscriber.yield(next) { return true }
            return false
        }
    }

    /// The bus named by `nameOrArn` (default when nil), or `ResourceNotFoundException`.
    func requireBus(_ nameOrArn: String?) throws(CatalogError) -> EventBus {
        let name = arns.busName(fromNameOrArn: nameOrArn)
        guard let bus = state.eventBuses[name] else { throw .resourceNotFound("Event bus \(name) does not exist.") }
        return bus
    }
}
