import CLMDB
import Logging
import Synchronization

/// The log's single writer: a dedicated thread that commits queued appends in groups.
///
/// Callers enqueue a request and suspend; the thread takes everything queued (up to the batch caps),
/// writes it in one `MDB_APPEND` write transaction, commits (which `fsync`s; readers are woken between the data
/// pages' sync and the meta page's, see `LMDBEnvironment.writeUngated`), and only then resumes every
/// caller of that group. An idle writer commits a lone append immediately; while a commit is in flight new
/// requests pile up and form the next group, so the group size follows the load without any timer.
/// `fsync` therefore runs on this thread and never blocks Swift's cooperative pool.
///
/// Linger: right after a commit, the producers it answered need a moment to queue their next append; the writer
/// may wait for them first (``CommitLinger``: only urgent requests count).
// @unchecked Sendable invariant: `queue`, `stopping`, `writerWaiting`, `urgent`, `deferredDeadline`, `lingering` and `lingerTarget` are
// guarded by `lock`; `nextSequence`, `lastIngestTime` and `linger` are touched only by the writer thread after
// `start()`; `thread` is written once, before the writer is shared.
final class GroupCommitWriter: @unchecked Sendable {
    /// One caller's append: its payloads and where to send the first sequence assigned to them.
    struct Request {
        /// What the request carries.
        enum Payloads {
            /// One payload.
            case single([UInt8])
            /// Several payloads, committed atomically under consecutive sequences.
            case batch([[UInt8]])
            /// Arbitrary state changes run inside the group's transaction (consumer state); the result is
            /// returned to the caller. Must touch nothing outside the transaction: it may be re-run when
            /// another request of its group fails.
            case work(@Sendable (borrowing WriteTransaction) throws(StorageError) -> UInt64)
        }

        /// The work.
        let payloads: Payloads
        /// Events (or 1 for work) counted against the group cap.
        let count: Int
        /// Payload bytes counted against the group cap.
        let bytes: Int
        /// Told after the commit the first sequence (appends) or the work's result.
        let completion: Completion

        init(payloads: Payloads, count: Int, bytes: Int, continuation: UnsafeContinuation<Result<UInt64, StorageError>, Never>) {
            self.init(payloads: payloads, count: count, bytes: bytes, completion: .continuation(continuation))
        }

        init(payloads: Payloads, count: Int, bytes: Int, completion: Completion) {
            self.payloads = payloads
            self.count = count
            self.bytes = bytes
            self.completion = completion
        }
    }

    /// Whom a request's result goes to.
    enum Completion {
        /// A suspended task, resumed on Swift's concurrency pool.
        case continuation(UnsafeContinuation<Result<UInt64, StorageError>, Never>)
        /// A callback, run on the writer thread right after the commit: it must be quick and must not block (the
        /// socket ingest uses it to hand the ack to the connection's event loop without a task hop in between).
        case callback(@Sendable (Result<UInt64, StorageError>) -> Void)

        @inline(__always)
        func resume(returning result: Result<UInt64, StorageError>) {
            switch self {
            case .continuation(let continuation): continuation.resume(returning: result)
            case .callback(let callback): callback(result)
            }
        }
    }

    /// The environment the writer commits to.
    let environment: LMDBEnvironment
    private let events: Database
    private let clock: any WallClock
    private let notifier: AppendNotifier
    private let maxBatchEvents: Int
    private let maxBatchBytes: Int
    private let logger: Logger
    /// Commit counters.
    let counters = GroupCommitCounters()
    private let lock = ConditionLock()
    private var queue: [Request] = []
    private var stopping = false
    private var writerWaiting = false
    /// Queued requests that are not deferrable (see ``perform(deferrable:_:)``).
    private var urgent = 0
    /// When the oldest queued deferrable request must be committed (`.max`: none queued).
    private var deferredDeadline = UInt64.max
    private var lingering = false
    private var lingerTarget = 0
    private var linger = CommitLinger()
    /// How often the writer wakes the log's heartbeat waiters (``AppendNotifier/tick()``), busy or idle.
    static let heartbeatNanoseconds: UInt64 = 100_000_000
    private var nextSequence: UInt64
    /// The last sequence whose commit is durable (its meta page synced); readers may see later ones a moment earlier.
    let durableSequence: Atomic<UInt64>
    /// Reusable (free-list) bytes as last counted, and when (writer thread only): see ``appendsFit(_:)``.
    private var freeBytesCounted = 0
    private var freeBytesCountedAt: UInt64 = 0
    private var lastIngestTime: UInt64
    private var thread: pthread_t?

    /// Creates a writer that will continue the log after `lastSequence`; call `start()` next.
    init(
        environment: LMDBEnvironment, events: Database, clock: any WallClock, notifier: AppendNotifier,
        lastSequence: UInt64, lastIngestTime: UInt64, maxBatchEvents: Int, maxBatchBytes: Int, logger: Logger
    ) {
        self.environment = environment
        self.events = events
        self.clock = clock
        self.notifier = notifier
        self.nextSequence = lastSequence + 1
        self.durableSequence = Atomic(lastSequence)
        self.lastIngestTime = lastIngestTime
        self.maxBatchEvents = max(1, maxBatchEvents)
        self.maxBatchBytes = max(1, maxBatchBytes)
        self.logger = logger
        queue.reserveCapacity(1024)
    }

    /// Starts the writer thread.
    func start() throws(StorageError) {
        guard let thread = startThread(name: "herald-commit", { [self] in run() }) else {
            throw .io(operation: "pthread_create", path: "group-commit writer", errno: 0)
        }
        self.thread = thread
    }

    /// Commits everything already queued, fails later appends with `.closed`, and joins the thread.
    func stop() {
        lock.lock()
        let alreadyStopping = stopping
        stopping = true
        lock.signal()
        lock.unlock()
        if !alreadyStopping, let thread {
            joinThread(thread)
        }
    }

    /// Runs `work` inside the next group-commit transaction and returns its result after the commit.
    ///
    /// A `deferrable` request does not wake an idle writer by itself: it rides along with the next commit (an
    /// append, say) or is committed once it has waited ``deferNanoseconds`` (2 ms). Delivery-state changes use it:
    /// nobody waits on them but the worker itself, and on a lightly loaded box they would otherwise cost an fsync of
    /// their own next to every producer's.
    func perform(
        deferrable: Bool = false, _ work: @escaping @Sendable (borrowing WriteTransaction) throws(StorageError) -> UInt64
    ) async throws(StorageError) -> UInt64 {
        let result = await withUnsafeContinuation { continuation in
            enqueue(Request(payloads: .work(work), count: 1, bytes: 0, continuation: continuation), deferrable: deferrable)
        }
        return try result.get()
    }

    /// How long a deferrable request may wait for company before it is committed on its own.
    static let deferNanoseconds: UInt64 = 2_000_000

    /// Queues `request`; fails it at once with `.closed` if the writer is stopping.
    @inline(__always)
    func enqueue(_ request: Request, deferrable: Bool = false) {
        lock.lock()
        if stopping {
            lock.unlock()
            request.completion.resume(returning: .failure(.closed))
            return
        }
        queue.append(request)
        let wake: Bool
        if deferrable {
            // The first deferred request sets the writer's deadline: wake it so it waits for that instead. Deferrable
            // requests never end a linger (``CommitLinger``: they are not producers waiting for an ack).
            let first = deferredDeadline == .max
            if first { deferredDeadline = monotonicNanoseconds() + Self.deferNanoseconds }
            wake = first && writerWaiting
        } else {
            urgent += 1
            wake = writerWaiting || (lingering && urgent >= lingerTarget)
        }
        lock.unlock()
        if wake { lock.signal() }
    }

    private func run() {
        var pending: [Request] = []
        pending.reserveCapacity(1024)
        var nextHeartbeat = monotonicNanoseconds() + Self.heartbeatNanoseconds
        while true {
            lock.lock()
            // Wait for an urgent request, a deferred one's deadline, or stop; tick the heartbeat on the way.
            while urgent == 0 && !stopping {
                let now = monotonicNanoseconds()
                if !queue.isEmpty && now >= deferredDeadline { break }
                if now >= nextHeartbeat {
                    lock.unlock()
                    notifier.tick()
                    nextHeartbeat = monotonicNanoseconds() + Self.heartbeatNanoseconds
                    lock.lock()
                    continue
                }
                writerWaiting = true
                lock.wait(untilNanoseconds: min(nextHeartbeat, deferredDeadline))
                writerWaiting = false
            }
            if queue.isEmpty && stopping {
                lock.unlock()
                return
            }
            if !stopping, let plan = linger.plan(urgentQueued: urgent) {
                let deadline = monotonicNanoseconds() + plan.nanoseconds
                lingering = true
                lingerTarget = plan.target
                while urgent < lingerTarget && !stopping && monotonicNanoseconds() < deadline {
                    lock.wait(untilNanoseconds: deadline)
                }
                lingering = false
                counters.recordLinger()
            }
            swap(&queue, &pending)
            let groupUrgent = urgent
            urgent = 0
            deferredDeadline = .max
            lock.unlock()
            let started = monotonicNanoseconds()
            var start = pending.startIndex
            while start < pending.endIndex {
                var end = start
                var count = 0
                var bytes = 0
                while end < pending.endIndex {
                    let request = pending[end]
                    if end > start && (count + request.count > maxBatchEvents || bytes + request.bytes > maxBatchBytes) { break }
                    count += request.count
                    bytes += request.bytes
                    end += 1
                }
                commitGroup(pending[start..<end])
                start = end
            }
            let finished = monotonicNanoseconds()
            linger.committed(urgentRequests: groupUrgent, nanoseconds: finished - started)
            pending.removeAll(keepingCapacity: true)
            if finished >= nextHeartbeat {
                notifier.tick()
                nextHeartbeat = finished + Self.heartbeatNanoseconds
            }
        }
    }

    /// Commits one group. If one request fails on its own (a work closure's error, a rejected value, or the map
    /// filling up while it writes), only that request gets the error and the rest of the group is committed without
    /// it. A commit that fills the map is retried one request at a time. Other errors that concern the whole
    /// environment (disk full, I/O, a failed commit) fail every request.
    private func commitGroup(_ slice: ArraySlice<Request>) {
        var group = slice
        let appendBytes = group.reduce(0) { total, request in
            if case .work = request.payloads { return total } else { return total + request.bytes }
        }
        if appendBytes > 0, let mapSize = mapSizeIfAppendsDoNotFit(appendBytes) {
            // Keep the map's reserve for consumer-state commits and compaction: refuse the appends (retryable, nothing
            // stored), commit the rest. Without the reserve a full map wedges delivery: outcomes could not be recorded
            // and the compactor could not free anything (LMDB needs free pages even to delete).
            let full = StorageError.mapFull(operation: "append (the map's reserve is kept for delivery state and compaction)", mapSize: mapSize)
            group = group.filter { request in
                if case .work = request.payloads { return true }
                request.completion.resume(returning: .failure(full))
                return false
            }
            counters.recordFailure()
        }
        while !group.isEmpty {
            let time = max(clock.millisecondsSinceEpoch(), lastIngestTime)
            var results: [UInt64] = []
            results.reserveCapacity(group.count)
            var failedIndex: Int?
            var committedThrough: UInt64?
            let started = monotonicNanoseconds()
            switch write(group, ingestTime: time, results: &results, failedIndex: &failedIndex, committedThrough: &committedThrough) {
            case .success(let next):
                // Readers were woken (``write``'s `afterCommit`) before the meta sync; the callers only now.
                counters.record(requests: group.count, events: next - nextSequence, nanoseconds: monotonicNanoseconds() - started)
                if next != nextSequence {
                    lastIngestTime = time
                    durableSequence.store(next - 1, ordering: .releasing)
                }
                nextSequence = next
                for (request, result) in zip(group, results) { request.completion.resume(returning: .success(result)) }
                return
            case .failure(let error):
                counters.recordFailure()
                if let committedThrough {
                    // LMDB committed but the meta page's sync failed: the events are in the log (and readers were
                    // woken) but not known to be durable, so no caller is told they are; the sequences are taken.
                    if committedThrough != nextSequence { lastIngestTime = time }
                    nextSequence = committedThrough
                    logger.error("sync after commit failed", metadata: ["error": "\(error)", "requests": "\(group.count)"])
                    for request in group { request.completion.resume(returning: .failure(error)) }
                    return
                }
                if let failedIndex, Self.isRequestSpecific(error) || Self.isMapFull(error) {
                    // A full map is also one request's doing: whichever ran out of pages. The others (a compaction
                    // step that frees pages, say) are tried again without it. Before, a delivery worker's state
                    // change that kept hitting the full map took every compaction step sharing its commit down with
                    // it, and a full map could stay full for minutes.
                    group[failedIndex].completion.resume(returning: .failure(error))
                    group.remove(at: failedIndex)
                    continue
                }
                if group.count > 1, Self.isMapFull(error) {
                    // The commit itself ran out of pages (LMDB writes its free list at commit): each request alone.
                    for index in group.indices { commitGroup(group[index...index]) }
                    return
                }
                if group.count > 1 { logger.warning("group commit failed", metadata: ["error": "\(error)", "requests": "\(group.count)"]) }
                for request in group { request.completion.resume(returning: .failure(error)) }
                return
            }
        }
    }

    /// The part of a map of `mapSize` bytes that appends may not use.
    static func reserveBytes(mapSize: Int) -> Int {
        min(mapSize / 4, max(mapSize / 8, 1 << 30))
    }

    /// Whether appending about `bytes` more keeps the map's live data out of its reserve: a quarter of the map, but
    /// no more than 1 GiB unless that is under an eighth (`reserveBytes(mapSize:)`). The reserve holds what delivery
    /// writes while the log is full — retry entries with their attempt history (~15% of the log when every event
    /// fails), dead letters, cursors — and the pages compaction needs to delete.
    ///
    /// Cheap while the file's high-water mark is below that line (one `mdb_env_info`); above it, the pages on LMDB's
    /// free list (reused by later writes) are counted, at most every 20 ms.
    /// - Returns: `nil` when they fit, else the map size (for the error).
    private func mapSizeIfAppendsDoNotFit(_ bytes: Int) -> Int? {
        var info = MDB_envinfo()
        var stat = MDB_stat()
        guard mdb_env_info(environment.env, &info) == 0, mdb_env_stat(environment.env, &stat) == 0 else { return nil }
        let pageSize = Int(stat.ms_psize)
        let limit = info.me_mapsize - Self.reserveBytes(mapSize: info.me_mapsize)
        let highWater = (info.me_last_pgno + 1) * pageSize
        let needed = bytes * 2 + 4 * pageSize
        if highWater + needed <= limit { return nil }
        let now = monotonicNanoseconds()
        if now &- freeBytesCountedAt > 20_000_000 {
            let pages = (try? environment.read { (txn) throws(StorageError) -> Int in HeraldStore.freePages(txn) }) ?? 0
            freeBytesCounted = pages * pageSize
            freeBytesCountedAt = now
        }
        return highWater - freeBytesCounted + needed <= limit ? nil : info.me_mapsize
    }

    /// `true` for a full map (LMDB ran out of pages).
    private static func isMapFull(_ error: StorageError) -> Bool {
        if case .mapFull = error { return true }
        return false
    }

    /// `true` for errors caused by one request's content rather than by the environment.
    private static func isRequestSpecific(_ error: StorageError) -> Bool {
        switch error {
        case .invalidArgument, .corruptRecord: true
        case .lmdb(let lmdb): lmdb.code == MDB_BAD_VALSIZE || lmdb.code == MDB_KEYEXIST || lmdb.code == MDB_NOTFOUND
        case .mapFull, .diskFull, .alreadyOpen, .unsupportedFormatVersion, .io, .closed: false
        }
    }

    /// Writes and commits `group` in one transaction. On failure, `failedIndex` names the request whose
    /// write threw (nil when the commit itself failed), and `committedThrough` is set (to the next sequence) when
    /// LMDB committed but the sync that makes the commit durable failed.
    private func write(
        _ group: ArraySlice<Request>, ingestTime: UInt64, results: inout [UInt64], failedIndex: inout Int?,
        committedThrough: inout UInt64?
    ) -> Result<UInt64, StorageError> {
        let first = nextSequence
        let environment = environment
        let events = events
        let notifier = notifier
        var current: Int?
        var committed: UInt64?
        let result = Result { () throws(StorageError) -> ([UInt64], UInt64) in
            try environment.gate.shared { () throws(StorageError) -> ([UInt64], UInt64) in
                try environment.writeUngated({ (txn) throws(StorageError) -> ([UInt64], UInt64) in
                    var results = results
                    var sequence = first
                    for index in group.indices {
                        current = index
                        switch group[index].payloads {
                        case .single(let payload):
                            results.append(sequence)
                            try Self.put(payload, sequence: sequence, time: ingestTime, txn: txn, events: events)
                            sequence += 1
                        case .batch(let payloads):
                            results.append(sequence)
                            for payload in payloads {
                                try Self.put(payload, sequence: sequence, time: ingestTime, txn: txn, events: events)
                                sequence += 1
                            }
                        case .work(let work):
                            results.append(try work(txn))
                        }
                    }
                    current = nil
                    return (results, sequence)
                }, afterCommit: { (_, next) in
                    committed = next
                    // Delivery workers may read the new events while the meta page syncs (one fsync sooner); the
                    // producers are acknowledged only once it has. An operating-system crash in between can lose
                    // events that were delivered but never acknowledged — which at-least-once allows.
                    if next != first { notifier.publish(next - 1) }
                })
            }
        }
        switch result {
        case .success(let (values, next)):
            results = values
            return .success(next)
        case .failure(let error):
            failedIndex = current
            committedThrough = committed
            return .failure(error)
        }
    }

    @inline(__always)
    private static func put(
        _ payload: [UInt8], sequence: UInt64, time: UInt64, txn: borrowing WriteTransaction, events: Database
    ) throws(StorageError) {
        let size = LogRecordFormat.headerSize + payload.count
        try BigEndian.withBytes(of: sequence) { (key) throws(StorageError) in
            try txn.reserveRaw(key: key, size: size, events, flags: UInt32(MDB_APPEND)) { buffer in
                LogRecordFormat.writeHeader(ingestTime: time, into: buffer)
                payload.withUnsafeBytes { source in
                    if let base = source.baseAddress, let destination = buffer.baseAddress {
                        (destination + LogRecordFormat.headerSize).copyMemory(from: base, byteCount: source.count)
                    }
                }
            }
        }
    }
}
