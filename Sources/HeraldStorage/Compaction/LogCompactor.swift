/// What one compaction step did.
public struct CompactionResult: Sendable, Hashable {
    /// Log entries deleted by this step.
    public let deleted: Int
    /// The exclusive upper bound used: entries below it may be deleted (`min` of the lowest cursor, the
    /// lowest retry reference, the retention floor and the newest sequence).
    public let bound: UInt64
    /// `true` when entries below `bound` remain (the step hit `maxEntries`): run another step soon.
    public let hasMore: Bool

    /// Creates a value.
    public init(deleted: Int, bound: UInt64, hasMore: Bool) {
        self.deleted = deleted
        self.bound = bound
        self.hasMore = hasMore
    }
}

/// Deletes log entries no one needs any more, in bounded batches.
///
/// An entry with sequence `s` is deleted only if `s` is below ALL of: every consumer's cursor, every
/// retry entry that reads its event from the log, the caller's retention floor, and the newest stored
/// sequence (the newest entry is always kept, so the sequence counter survives a restart). With no
/// consumers registered, only the retention floor and the newest entry hold entries back.
/// Each step runs in one write transaction inside the group-commit writer, deleting at most `maxEntries`
/// from the front of the log, so ingest is never blocked for long. Freed pages return to LMDB's free
/// list and are reused by later appends, so under steady append-and-consume the data file stops growing.
public struct LogCompactor: Sendable {
    /// Database handles.
    let databases: StorageDatabases
    /// The writer that runs each step.
    let writer: GroupCommitWriter

    /// Creates the compactor.
    init(databases: StorageDatabases, writer: GroupCommitWriter) {
        self.databases = databases
        self.writer = writer
    }

    /// Runs one bounded compaction step.
    /// - Parameters:
    ///   - maxEntries: Most entries to delete in this step's transaction (e.g. 10,000).
    ///   - retentionFloor: Keep every entry with sequence `>= retentionFloor` (e.g. the first sequence an
    ///     archive still needs, from `EventLog.firstSequence(atOrAfterIngestTime:)`); `nil` for no floor.
    /// - Returns: What was deleted and whether more remains.
    @discardableResult
    public func compact(maxEntries: Int, retentionFloor: UInt64? = nil) async throws(StorageError) -> CompactionResult {
        guard maxEntries > 0 else { throw .invalidArgument("maxEntries must be positive, got \(maxEntries)") }
        let databases = databases
        let packed = try await writer.perform { (txn) throws(StorageError) -> UInt64 in
            let bound = try Self.bound(txn: txn, databases: databases, retentionFloor: retentionFloor)
            var deleted = 0
            var hasMore = false
            try txn.withCursor(on: databases.events) { (cursor) throws(StorageError) in
                var entry = try cursor.first()
                while let current = entry, let sequence = current.uint64Key, sequence < bound {
                    if deleted == maxEntries {
                        hasMore = true
                        break
                    }
                    try cursor.deleteCurrent()
                    deleted += 1
                    entry = try cursor.next()
                }
            }
            return UInt64(deleted) << 1 | (hasMore ? 1 : 0)
        }
        let bound = try currentBound(retentionFloor: retentionFloor)
        return CompactionResult(deleted: Int(packed >> 1), bound: bound, hasMore: packed & 1 == 1)
    }

    /// The bound a compaction step would use now (entries below it are deletable).
    public func currentBound(retentionFloor: UInt64? = nil) throws(StorageError) -> UInt64 {
        let databases = databases
        return try writer.environment.read { (txn) throws(StorageError) -> UInt64 in
            try Self.bound(txn: txn, databases: databases, retentionFloor: retentionFloor)
        }
    }

    /// The deletion bound inside a write transaction.
    static func bound(txn: borrowing WriteTransaction, databases: StorageDatabases, retentionFloor: UInt64?) throws(StorageError) -> UInt64 {
        try txn.withCursor(on: databases.events) { (events) throws(StorageError) -> UInt64 in
            try txn.withCursor(on: databases.cursors) { (cursors) throws(StorageError) -> UInt64 in
                try txn.withCursor(on: databases.retryIndex) { (index) throws(StorageError) -> UInt64 in
                    try computeBound(events: events, cursors: cursors, retryIndex: index, retentionFloor: retentionFloor)
                }
            }
        }
    }

    /// The deletion bound inside a read transaction.
    static func bound(txn: borrowing ReadTransaction, databases: StorageDatabases, retentionFloor: UInt64?) throws(StorageError) -> UInt64 {
        try txn.withCursor(on: databases.events) { (events) throws(StorageError) -> UInt64 in
            try txn.withCursor(on: databases.cursors) { (cursors) throws(StorageError) -> UInt64 in
                try txn.withCursor(on: databases.retryIndex) { (index) throws(StorageError) -> UInt64 in
                    try computeBound(events: events, cursors: cursors, retryIndex: index, retentionFloor: retentionFloor)
                }
            }
        }
    }

    private static func computeBound(
        events: borrowing Cursor, cursors: borrowing Cursor, retryIndex: borrowing Cursor, retentionFloor: UInt64?
    ) throws(StorageError) -> UInt64 {
        guard let newest = try events.last()?.uint64Key else { return 0 }
        var bound = newest
        if let retentionFloor { bound = min(bound, retentionFloor) }
        var entry = try cursors.first()
        while let current = entry {
            if let cursor = BigEndian.uint64(current.value) { bound = min(bound, cursor) }
            entry = try cursors.next()
        }
        var consumer: UInt32 = 0
        while true {
            guard let found = try retryIndex.seek(atOrAfter: BigEndian.bytes(consumer) + [ConsumerKeys.logClass]),
                let foundConsumer = BigEndian.uint32(found.key)
            else { break }
            if found.key.count == 13, found.key[4] == ConsumerKeys.logClass, let sequence = BigEndian.uint64(found.key, at: 5) {
                bound = min(bound, sequence)
            }
            guard foundConsumer < UInt32.max else { break }
            consumer = foundConsumer + 1
        }
        return bound
    }
}
