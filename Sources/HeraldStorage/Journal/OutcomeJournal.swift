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
/// Records are opaque bytes to storage. The next sequence is one past the journal's last key; a trim records one past
/// the last key it deleted in `meta` (`journal-next`), so sequences keep increasing after the journal has been trimmed
/// empty and the process restarted. Appends therefore write only the journal's own pages: a delivery commit used to
/// rewrite a `meta` page for the counter as well, one more scattered page in every data sync.
/// Obtain it from ``HeraldStore/journal``.
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

    /// `meta` key of a floor for the next journal sequence (big-endian `u64`), written by trims (and, before session
    /// 15, by every append). The next sequence is the larger of it and one past the journal's last key.
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
        let databases = databases
        return try environment.read { (txn) throws(StorageError) -> UInt64 in try Self.nextSequence(txn.handle, databases) }
    }

    /// The next sequence inside a transaction (read or write, by its handle): one past the journal's last key, never
    /// below the floor in `meta`.
    private static func nextSequence(_ txn: OpaquePointer, _ databases: StorageDatabases) throws(StorageError) -> UInt64 {
        let last = try TransactionOps.withCursor(txn, databases.journal) { (cursor) throws(StorageError) in try cursor.last()?.uint64Key }
        return max(try floor(txn, databases), (last ?? 0) + 1)
    }

    /// The floor for the next sequence stored in `meta` (1 when none is).
    private static func floor(_ txn: OpaquePointer, _ databases: StorageDatabases) throws(StorageError) -> UInt64 {
        try TransactionOps.get(txn, nextSequenceKey, databases.meta).flatMap { BigEndian.uint64($0) } ?? 1
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
        let databases = databases
        let deleted = try await writer.perform { (txn) throws(StorageError) -> UInt64 in
            var deleted: UInt64 = 0
            var lastDeleted: UInt64?
            try txn.withCursor(on: databases.journal) { (cursor) throws(StorageError) in
                var entry = try cursor.first()
                while let current = entry, let key = current.uint64Key, key <= sequence, deleted < UInt64(limit) {
                    try cursor.deleteCurrent()
                    deleted += 1
                    lastDeleted = key
                    entry = try cursor.next()
                }
            }
            // Keep the floor past what was deleted: the journal may now be empty, and its next sequence must not go back.
            if let lastDeleted, lastDeleted + 1 > (try Self.floor(txn.handle, databases)) {
                try txn.put(BigEndian.bytes(lastDeleted + 1), forKey: Self.nextSequenceKey, in: databases.meta)
            }
            return deleted
        }
        return Int(deleted)
    }

    /// Appends `record` inside `txn` (used by ``ConsumerStore/apply(_:for:)``). Oversized records are dropped.
    static func append(_ record: [UInt8], txn: borrowing WriteTransaction, databases: StorageDatabases) throws(StorageError) {
        guard record.count <= maxRecordBytes else { return }
        try txn.put(record, forKey: try nextSequence(txn.handle, databases), in: databases.journal, append: true)
    }
}
