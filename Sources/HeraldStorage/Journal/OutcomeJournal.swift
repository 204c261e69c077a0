/// One journal entry: its journal sequence and the opaque record bytes.
public struct JournalEntry: Sendable, Hashable {
    /// The journal sequence (dense, increasing, never reused — also across trims and restarts).
    public let sequence: UInt64
    /// The record as appended.
    public let record: [UInt8]

    /// Creates a value.
    public init(sequence: UInt64, record: [UInt8]) {
        self.sequence = sequence
        self.record = record
    }
}

/// A durable, append-only journal of delivery outcomes, written in the same transaction as the consumer-state
/// change each outcome caused (``ConsumerStateChange/journal(_:)``) and read by one downstream reader (the
/// delivery ledger), which trims what it has durably taken.
///
/// Records are opaque bytes to storage. Sequences come from a counter in `meta`, so they keep increasing after
/// the journal has been trimmed empty and the process restarted. Obtain it from ``HeraldStore/journal``.
public struct OutcomeJournal: Sendable {
    /// Longest record accepted, in bytes (longer ones are dropped by ``append(_:txn:databases:)`` — the ledger
    /// must never be able to fail a delivery batch).
    public static let maxRecordBytes = 16 * 1024

    /// The environment holding the journal.
    let environment: LMDBEnvironment
    /// Database handles.
    let databases: StorageDatabases
    /// The writer that runs trims.
    let writer: GroupCommitWriter

    /// `meta` key of the next journal sequence (big-endian `u64`).
    static let nextSequenceKey = Array("journal-next".utf8)

    /// Creates the facade.
    init(environment: LMDBEnvironment, databases: StorageDatabases, writer: GroupCommitWriter) {
        self.environment = environment
        self.databases = databases
        self.writer = writer
    }

    /// Reads up to `limit` entries with sequence `>= sequence`, in order.
    public func read(from sequence: UInt64, limit: Int) throws(StorageError) -> [JournalEntry] {
        guard limit > 0 else { return [] }
        let journal = databases.journal
        return try environment.read { (txn) throws(StorageError) -> [JournalEntry] in
            try txn.withCursor(on: journal) { (cursor) throws(StorageError) -> [JournalEntry] in
                var entries: [JournalEntry] = []
                var entry = try cursor.seek(atOrAfter: sequence)
                while let current = entry, entries.count < limit {
                    guard let key = current.uint64Key else {
                        throw .corruptRecord(database: "journal", key: "\(Array(current.key))", reason: "key is not 8 bytes")
                    }
                    entries.append(JournalEntry(sequence: key, record: Array(current.value)))
                    entry = try cursor.next()
                }
                return entries
            }
        }
    }

    /// The sequence the next appended entry will get: every lower sequence was appended (and may since have been
    /// trimmed).
    public func nextSequence() throws(StorageError) -> UInt64 {
        let meta = databases.meta
        return try environment.read { (txn) throws(StorageError) -> UInt64 in
            try txn.get(Self.nextSequenceKey, in: meta).flatMap { BigEndian.uint64($0) } ?? 1
        }
    }

    /// Number of entries currently stored.
    public func count() throws(StorageError) -> Int {
        let journal = databases.journal
        return try environment.read { (txn) throws(StorageError) -> Int in try txn.count(of: journal) }
    }

    /// Deletes entries with sequence `<= sequence`, at most `limit` per call.
    /// - Returns: How many entries were deleted.
    @discardableResult
    public func trim(through sequence: UInt64, limit: Int = 10_000) async throws(StorageError) -> Int {
        let journal = databases.journal
        let deleted = try await writer.perform { (txn) throws(StorageError) -> UInt64 in
            var deleted: UInt64 = 0
            try txn.withCursor(on: journal) { (cursor) throws(StorageError) in
                var entry = try cursor.first()
                while let current = entry, let key = current.uint64Key, key <= sequence, deleted < UInt64(limit) {
                    try cursor.deleteCurrent()
                    deleted += 1
                    entry = try cursor.next()
                }
            }
            return deleted
        }
        return Int(deleted)
    }

    /// Appends `record` inside `txn` (used by ``ConsumerStore/apply(_:for:)``). Oversized records are dropped.
    static func append(_ record: [UInt8], txn: borrowing WriteTransaction, databases: StorageDatabases) throws(StorageError) {
        guard record.count <= maxRecordBytes else { return }
        let next = try txn.get(nextSequenceKey, in: databases.meta).flatMap { BigEndian.uint64($0) } ?? 1
        try txn.put(record, forKey: next, in: databases.journal, append: true)
        try txn.put(BigEndian.bytes(next + 1), forKey: nextSequenceKey, in: databases.meta)
    }
}
