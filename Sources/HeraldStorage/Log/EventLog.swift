/// The durable, append-only event log: sequence-keyed records in the `events` database.
///
/// Appends are group-committed by a dedicated writer thread (see `Docs/storage.md`): `append` returns only
/// after the transaction holding the payload has been committed to disk, and a batch is all-or-nothing.
/// Sequences start at 1 and are gap-free in commit order. Reads are synchronous, short read transactions
/// that copy records out. Obtain the log from `HeraldStore.log`.
public final class EventLog: Sendable {
    /// The environment holding the log.
    let environment: LMDBEnvironment
    /// The `events` database.
    let events: Database
    let writer: GroupCommitWriter
    private let notifier: AppendNotifier
    /// The largest accepted payload, in bytes.
    public let maxPayloadBytes: Int

    /// Creates the log facade over a started writer.
    init(
        environment: LMDBEnvironment, events: Database, writer: GroupCommitWriter, notifier: AppendNotifier, maxPayloadBytes: Int
    ) {
        self.environment = environment
        self.events = events
        self.writer = writer
        self.notifier = notifier
        self.maxPayloadBytes = maxPayloadBytes
    }

    /// The last stored sequence and its ingest time, or (0, 0) for an empty log.
    static func lastEntry(environment: LMDBEnvironment, events: Database) throws(StorageError) -> (sequence: UInt64, ingestTime: UInt64) {
        try environment.read { (txn) throws(StorageError) -> (UInt64, UInt64) in
            try txn.withCursor(on: events) { (cursor) throws(StorageError) -> (UInt64, UInt64) in
                guard let entry = try cursor.last(), let sequence = entry.uint64Key else { return (0, 0) }
                return (sequence, try LogRecordFormat.ingestTime(of: entry.value, sequence: sequence))
            }
        }
    }

    /// Stops the writer after committing what is queued; later appends fail with `.closed`.
    func stop() {
        writer.stop()
        notifier.close()
    }

    /// Appends one payload durably.
    ///
    /// Returns after the commit containing the payload has returned (it is on disk). Not cancellable once
    /// called: the append completes (or fails) regardless of task cancellation.
    /// - Parameter payload: Opaque bytes, at most `maxPayloadBytes`.
    /// - Returns: The payload's sequence number.
    /// - Throws: `.invalidArgument` for an oversized payload; `.mapFull`/`.diskFull` (retryable, nothing
    ///   written); `.closed` after shutdown; `.lmdb` on I/O errors.
    public func append(_ payload: [UInt8]) async throws(StorageError) -> UInt64 {
        guard payload.count <= maxPayloadBytes else {
            throw .invalidArgument("payload of \(payload.count) bytes exceeds the maximum of \(maxPayloadBytes)")
        }
        let result = await withUnsafeContinuation { continuation in
            writer.enqueue(.init(payloads: .single(payload), count: 1, bytes: payload.count, continuation: continuation))
        }
        return try result.get()
    }

    /// Appends several payloads durably and atomically: all are committed in one transaction, under
    /// consecutive sequences, or none is.
    /// - Parameter batch: One or more payloads (e.g. the entries of one PutEvents call).
    /// - Returns: The sequences, in the order of `batch`.
    /// - Throws: As `append(_:)`; `.invalidArgument` for an empty batch.
    public func append(batch: [[UInt8]]) async throws(StorageError) -> [UInt64] {
        let first = try await appendContiguous(batch: batch)
        return Array(first.lowerBound..<first.upperBound)
    }

    /// Like `append(batch:)`, returning the (contiguous) range of sequences without building an array.
    public func appendContiguous(batch: [[UInt8]]) async throws(StorageError) -> Range<UInt64> {
        let bytes = try checkedSize(of: batch)
        let count = batch.count
        let result = await withUnsafeContinuation { continuation in
            writer.enqueue(.init(payloads: .batch(batch), count: count, bytes: bytes, continuation: continuation))
        }
        let first = try result.get()
        return first..<(first + UInt64(count))
    }

    /// Like ``appendContiguous(batch:)``, but without a task: `completion` runs on the log's writer thread right
    /// after the commit is durable (or at once, on the caller's thread, for an invalid batch). It must be quick and
    /// must not block the writer — hand the result on (to an event loop, say) and return.
    /// - Parameter pipelined: the producer does not wait for this answer before sending more (it has other requests in
    ///   flight): under load the commit may then be made durable by the next commit's data sync rather than by a
    ///   meta sync of its own (see ``GroupCommitWriter``). Durability on completion is the same either way.
    public func appendContiguous(
        batch: [[UInt8]], pipelined: Bool = false, completion: @escaping @Sendable (Result<Range<UInt64>, StorageError>) -> Void
    ) {
        let bytes: Int
        do throws(StorageError) {
            bytes = try checkedSize(of: batch)
        } catch {
            return completion(.failure(error))
        }
        let count = UInt64(batch.count)
        writer.enqueue(
            .init(
                payloads: .batch(batch), count: batch.count, bytes: bytes,
                completion: .callback({ result in completion(result.map { $0..<($0 + count) }) }), pipelined: pipelined))
    }

    /// The payload bytes of an append batch; throws for an empty batch or a payload over the limit.
    private func checkedSize(of batch: [[UInt8]]) throws(StorageError) -> Int {
        guard !batch.isEmpty else { throw .invalidArgument("empty append batch") }
        var bytes = 0
        for payload in batch {
            guard payload.count <= maxPayloadBytes else {
                throw .invalidArgument("payload of \(payload.count) bytes exceeds the maximum of \(maxPayloadBytes)")
            }
            bytes += payload.count
        }
        return bytes
    }

    /// Counters of the group-commit writer (commits, events, time in commits) since the store was opened.
    public var statistics: GroupCommitStatistics { writer.counters.snapshot }

    /// The last committed sequence, or 0 if nothing was ever appended. Cheap (no transaction).
    public var lastSequence: UInt64 { notifier.highWater }

    /// The last sequence known to be durable. Readers are woken (and ``lastSequence`` moves) as soon as LMDB has
    /// committed, a fraction of a millisecond before the commit's meta page is synced (see `Docs/storage.md` §6); a
    /// reader that copies events into another store — the SQL ledger — reads only up to here, so an
    /// operating-system crash in that moment cannot leave it holding an event the log lost.
    public var durableSequence: UInt64 { writer.durableSequence.load(ordering: .acquiring) }

    /// `true` once the store was closed: appends fail with `.closed` and `waitForAppend` returns at once,
    /// so consumer loops should stop.
    public var isClosed: Bool { notifier.isClosed }

    /// Suspends until a record with a sequence greater than `sequence` has been committed.
    ///
    /// Returns immediately if one already exists. Cancellation-safe: a cancelled wait returns promptly.
    /// After the store is closed it returns at once (check `isClosed` to end a wait loop).
    /// - Returns: The committed high-water mark (`> sequence` unless cancelled or closed).
    public func waitForAppend(after sequence: UInt64) async -> UInt64 {
        await notifier.wait(after: sequence)
    }

    /// Like ``waitForAppend(after:)``, but also returns at the log writer's next heartbeat, at most about 100 ms
    /// later: for loops that must look at other state now and then, without a timer task beside every wait.
    /// - Returns: The committed high-water mark (`≤ sequence` when the heartbeat, a cancellation or closing woke it).
    public func waitForAppendOrHeartbeat(after sequence: UInt64) async -> UInt64 {
        await notifier.wait(after: sequence, wakeOnTick: true)
    }
}
