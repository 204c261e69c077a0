/// Handles to every named database of a Herald data directory (see `Docs/storage.md` for layouts).
public struct StorageDatabases: Sendable {
    /// Names of all databases, opened together at start-up.
    public static let allNames = ["events", "meta", "catalog", "consumers", "cursors", "retries", "retry_index", "dead_letters", "journal"]

    /// The event log: big-endian `UInt64` sequence → record header + payload.
    public let events: Database
    /// Store-wide metadata (format version…): UTF-8 key → bytes.
    public let meta: Database
    /// The generic catalog (rules, targets, connections…): UTF-8 key → bytes.
    public let catalog: Database
    /// Consumer names ↔ numeric ids.
    public let consumers: Database
    /// Per-consumer durable cursor: big-endian `UInt32` consumer id → big-endian `UInt64` next sequence.
    public let cursors: Database
    /// The retry queue: due time + consumer id + sequence → retry entry.
    public let retries: Database
    /// Secondary index of the retry queue: consumer id + sequence → retry key.
    public let retryIndex: Database
    /// The dead-letter queue: consumer id + sequence → dead-letter entry.
    public let deadLetters: Database
    /// The delivery-outcome journal: big-endian `UInt64` journal sequence → an opaque record (see `OutcomeJournal`).
    public let journal: Database

    /// Looks up every database opened at start-up.
    init(_ environment: LMDBEnvironment) throws(StorageError) {
        events = try environment.database("events")
        meta = try environment.database("meta")
        catalog = try environment.database("catalog")
        consumers = try environment.database("consumers")
        cursors = try environment.database("cursors")
        retries = try environment.database("retries")
        retryIndex = try environment.database("retry_index")
        deadLetters = try environment.database("dead_letters")
        journal = try environment.database("journal")
    }
}
