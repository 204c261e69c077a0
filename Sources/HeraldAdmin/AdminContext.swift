public import HeraldEngine
public import HeraldStorage

/// One live target as the delivery engine reports it (``HeraldEngine/DeliveryEngine/statuses()``).
public typealias LiveTargetStatus = (key: TargetKey, consumer: ConsumerID?, status: TargetStatus, problem: String?)

/// Everything the admin endpoints read and change: the store, the engine's live figures, the start time and the
/// operator token.
public struct AdminContext: Sendable {
    /// The open store (event log and consumer state).
    public let store: HeraldStore
    /// Returns the engine's live per-target status (usually `engine.statuses`).
    public let statuses: @Sendable () -> [LiveTargetStatus]
    /// When the process started, milliseconds since the epoch (for the uptime).
    public let startedAt: UInt64
    /// The bearer token every admin request must carry; `nil` accepts every request (developer mode).
    public let adminToken: String?
    /// Dead-letter entries read per storage page and moved per write transaction by redrive and purge.
    public let batchSize: Int

    /// Creates a context.
    /// - Parameters:
    ///   - store: The open store.
    ///   - statuses: The engine's live status (pass `{ engine.statuses() }`, or `{ [] }` without an engine).
    ///   - startedAt: Process start, milliseconds since the epoch.
    ///   - adminToken: Required bearer token, or `nil` for developer mode (loopback only).
    ///   - batchSize: Entries per storage page / write transaction for DLQ operations (clamped to 1...10 000).
    public init(
        store: HeraldStore, statuses: @escaping @Sendable () -> [LiveTargetStatus], startedAt: UInt64,
        adminToken: String?, batchSize: Int = 500
    ) {
        self.store = store
        self.statuses = statuses
        self.startedAt = startedAt
        self.adminToken = adminToken
        self.batchSize = min(max(batchSize, 1), 10_000)
    }
}
