/// Durable per-consumer state: named consumers, their cursors, the retry queue and the dead-letter queue.
///
/// Every mutation is `async`, runs on the store's single writer thread inside the next group commit (so
/// its fsync never blocks Swift's cooperative pool and concurrent mutations share one commit), and returns
/// after the commit. Each call is one transaction: all of its changes land, or none. Reads are synchronous
/// short read transactions. Obtain it from `HeraldStore.consumers`.
public struct ConsumerStore: Sendable {
    /// Longest consumer name, in UTF-8 bytes.
    public static let maxNameBytes = 400

    /// The environment holding consumer state.
    let environment: LMDBEnvironment
    /// Database handles.
    let databases: StorageDatabases
    /// The group-commit writer that runs every mutation.
    let writer: GroupCommitWriter
    /// Source of dead-letter and redrive times.
    let clock: any WallClock

    /// Creates the store facade.
    init(environment: LMDBEnvironment, databases: StorageDatabases, writer: GroupCommitWriter, clock: any WallClock) {
        self.environment = environment
        self.databases = databases
        self.writer = writer
        self.clock = clock
    }

    /// Registers `name` (idempotent) and returns its state. A new consumer's cursor starts at `initialCursor`;
    /// an existing consumer keeps its cursor.
    /// - Parameters:
    ///   - name: The consumer's name, 1…400 UTF-8 bytes (e.g. a target id).
    ///   - initialCursor: The first sequence a new consumer will consider (e.g. `log.lastSequence + 1`).
    public func register(_ name: String, initialCursor: UInt64) async throws(StorageError) -> ConsumerInfo {
        let nameKey = try Self.nameKey(name)
        let databases = databases
        let raw = try await writer.perform { (txn) throws(StorageError) -> UInt64 in
            if let existing = try txn.get(nameKey, in: databases.consumers), let id = BigEndian.uint32(existing) {
                return UInt64(id)
            }
            let id = try Self.nextConsumerID(txn: txn, databases: databases)
            try txn.put(BigEndian.bytes(id.rawValue + 1), forKey: Self.nextIDKey, in: databases.meta)
            try txn.put(BigEndian.bytes(id.rawValue), forKey: nameKey, in: databases.consumers)
            try txn.put(Array(name.utf8), forKey: ConsumerKeys.id(id), in: databases.consumers)
            try txn.put(BigEndian.bytes(initialCursor), forKey: ConsumerKeys.cursor(id), in: databases.cursors)
            return UInt64(id.rawValue)
        }
        let id = ConsumerID(rawValue: UInt32(truncatingIfNeeded: raw))
        return ConsumerInfo(name: name, id: id, cursor: try cursor(of: id) ?? initialCursor)
    }

    /// Removes a consumer and all of its state (cursor, retries, dead letters) in one transaction.
    /// - Returns: `false` if no consumer has that name.
    @discardableResult
    public func remove(_ name: String) async throws(StorageError) -> Bool {
        let nameKey = try Self.nameKey(name)
        let databases = databases
        let removed = try await writer.perform { (txn) throws(StorageError) -> UInt64 in
            guard let existing = try txn.get(nameKey, in: databases.consumers), let raw = BigEndian.uint32(existing) else { return 0 }
            let id = ConsumerID(rawValue: raw)
            try txn.delete(nameKey, in: databases.consumers)
            try txn.delete(ConsumerKeys.id(id), in: databases.consumers)
            try txn.delete(ConsumerKeys.cursor(id), in: databases.cursors)
            for sequence in try ConsumerTransactions.indexedSequences(txn: txn, databases: databases, consumer: id) {
                _ = try ConsumerTransactions.removeRetry(txn: txn, databases: databases, consumer: id, sequence: sequence)
            }
            try ConsumerTransactions.deleteDeadLetters(txn: txn, databases: databases, consumer: id, selection: .all, limit: .max)
            return 1
        }
        return removed == 1
    }

    /// Applies `changes`, in order, to `consumer`'s state in one write transaction.
    /// - Throws: `.invalidArgument` if a dead-lettered event is neither in the retry queue nor in the log,
    ///   or the consumer is unknown; then nothing is applied.
    /// - Parameter deferrable: the caller does not mind the commit waiting up to 2 ms to share an fsync with other
    ///   writes (a delivery worker's routine outcomes); an idle writer is not woken for it alone.
    public func apply(_ changes: [ConsumerStateChange], for consumer: ConsumerID, deferrable: Bool = false) async throws(StorageError) {
        guard !changes.isEmpty else { return }
        let databases = databases
        let clock = clock
        _ = try await writer.perform(deferrable: deferrable) { (txn) throws(StorageError) -> UInt64 in
            try ConsumerTransactions.apply(changes, consumer: consumer, txn: txn, databases: databases, now: clock.millisecondsSinceEpoch())
            return 0
        }
    }

    /// Advances the cursor and schedules retries in one transaction (convenience for `apply`).
    public func advance(
        _ consumer: ConsumerID, to cursor: UInt64, retries: [(sequence: UInt64, attempt: FailureAttempt, dueTime: UInt64)] = []
    ) async throws(StorageError) {
        var changes = retries.map { ConsumerStateChange.retry(sequence: $0.sequence, attempt: $0.attempt, dueTime: $0.dueTime) }
        changes.append(.advanceCursor(to: cursor))
        try await apply(changes, for: consumer)
    }

    /// Moves dead-letter entries back into the retry queue, due at `dueTime` (default: now), keeping their
    /// history and a copy of the event; at most `limit` entries per call (call again until it returns 0).
    /// - Returns: How many entries were redriven.
    public func redrive(
        _ consumer: ConsumerID, _ selection: DeadLetterSelection = .all, dueTime: UInt64? = nil, limit: Int = 10_000
    ) async throws(StorageError) -> Int {
        let databases = databases
        let due = dueTime ?? clock.millisecondsSinceEpoch()
        let count = try await writer.perform { (txn) throws(StorageError) -> UInt64 in
            let count = try ConsumerTransactions.redrive(
                txn: txn, databases: databases, consumer: consumer, selection: selection, dueTime: due, limit: limit)
            return UInt64(count)
        }
        return Int(count)
    }

    /// Deletes dead-letter entries; at most `limit` per call.
    /// - Returns: How many entries were deleted.
    public func purgeDeadLetters(
        _ consumer: ConsumerID, _ selection: DeadLetterSelection = .all, limit: Int = 10_000
    ) async throws(StorageError) -> Int {
        let databases = databases
        let count = try await writer.perform { (txn) throws(StorageError) -> UInt64 in
            UInt64(try ConsumerTransactions.deleteDeadLetters(txn: txn, databases: databases, consumer: consumer, selection: selection, limit: limit))
        }
        return Int(count)
    }

    /// The `consumers` key of a name, validating its length.
    static func nameKey(_ name: String) throws(StorageError) -> [UInt8] {
        let count = name.utf8.count
        guard count > 0, count <= maxNameBytes else {
            throw .invalidArgument("consumer name must be 1...\(maxNameBytes) UTF-8 bytes, got \(count)")
        }
        return ConsumerKeys.name(name)
    }

    /// `meta` key of the next consumer id to hand out (big-endian `u32`); ids are never reused, so a stale
    /// `ConsumerID` held by a task can never address a newer consumer.
    static let nextIDKey = Array("next-consumer-id".utf8)

    /// The next unused id: the `meta` counter, but never at or below an id key present (1 for the first consumer).
    static func nextConsumerID(txn: borrowing WriteTransaction, databases: StorageDatabases) throws(StorageError) -> ConsumerID {
        let counter = try txn.get(nextIDKey, in: databases.meta).flatMap { BigEndian.uint32($0) } ?? 1
        let afterHighest = try txn.withCursor(on: databases.consumers) { (cursor) throws(StorageError) -> UInt64 in
            // Id keys ("i" + u32) sort before name keys ("n" + name): the last id key precedes the first key >= "j".
            let last: CursorEntry?
            if try cursor.seek(atOrAfter: [UInt8(ascii: "j")]) != nil {
                last = try cursor.previous()
            } else {
                last = try cursor.last()
            }
            guard let last, last.key.count == 5, last.key[0] == UInt8(ascii: "i"), let raw = BigEndian.uint32(last.key, at: 1) else {
                return 1
            }
            return UInt64(raw) + 1
        }
        let next = max(UInt64(counter), afterHighest)
        guard next < UInt64(UInt32.max) else { throw .invalidArgument("consumer ids exhausted") }
        return ConsumerID(rawValue: UInt32(next))
    }
}
