import CLMDB
import Logging
import Synchronization

/// The log's single writer: a dedicated thread that commits queued appends in groups.
///
/// Callers enqueue a request and suspend; the thread takes everything queued (up to the batch caps), writes it in
/// one `MDB_APPEND` write transaction and commits it: LMDB writes the data pages and syncs them, then writes the meta
/// page without syncing it (`MDB_NOMETASYNC`). Readers are woken at once. The group's callers are resumed only once
/// its meta page is durable too, by whichever comes first:
/// - **the next commit's data sync**, when urgent requests are already queued and no caller of the group waits for
///   its answer before sending more (pipelining producers, delivery-state changes: ``Request/pipelined``): the writer
///   commits the queued requests at once, and their data sync also carries the previous meta page to the disk — one
///   device flush per commit for a stream of pipelined appends;
/// - **an explicit meta sync** otherwise (nothing queued, or a producer that may be waiting for its ack): it gets the
///   ack one small flush later instead of a whole commit later, and comes back for the next commit (``CommitLinger``).
///   Measured with 16 one-at-a-time producers, letting their acks wait for the next commit cost 12 % of the rate
///   (session 15).
/// An idle writer commits a lone append immediately; while a commit is in flight new requests pile up and form the
/// next group, so the group size follows the load without any timer. `fsync` therefore runs on this thread and never
/// blocks Swift's cooperative pool.
///
/// Linger: right after a commit, the producers it answered need a moment to queue their next append; the writer
/// may wait for them first (``CommitLinger``: only urgent requests count). It never lingers while callers wait for
/// the next commit to make theirs durable.
// @unchecked Sendable invariant: `queue`, `stopping`, `writerWaiting`, `urgent`, `deferredDeadline`, `lingering` and `lingerTarget` are
// guarded by `lock`; `nextSequence`, `lastIngestTime`, `linger` and `unanswered` are touched only by the writer thread after
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
        /// Whoever sent it does not wait for this answer before sending more (a pipelining producer, a delivery
        /// worker's state change): its commit may be made durable by the next commit's data sync instead of a meta
        /// sync of its own. `false` for a producer that may be waiting for the answer.
        let pipelined: Bool

        init(
            payloads: Payloads, count: Int, bytes: Int, continuation: UnsafeContinuation<Result<UInt64, StorageError>, Never>,
            pipelined: Bool = false
        ) {
            self.init(payloads: payloads, count: count, bytes: bytes, completion: .continuation(continuation), pipelined: pipelined)
        }

        init(payloads: Payloads, count: Int, bytes: Int, completion: Completion, pipelined: Bool = false) {
            self.payloads = payloads
            self.count = count
            self.bytes = bytes
            self.completion = completion
            self.pipelined = pipelined
        }
    }

    /// A committed group whose meta page is not known to be durable yet: its callers wait for that.
    private struct Unanswered {
        let requests: ArraySlice<Request>
        /// Each request's result (its first sequence, or its work's result).
        let results: [UInt64]
        /// The last sequence the group appended, if it appended any.
        let lastSequence: UInt64?
        /// Whether a caller of the group may be waiting for its answer before it sends more.
        let awaited: Bool
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
    /// Committed groups waiting for their meta page to be durable, oldest first.
    private var unanswered: [Unanswered] = []
    /// The last group's urgent requests and when its commit started, for ``CommitLinger``: the linger's cap follows
    /// the time from a commit's start until its callers were answered (data sync and meta sync).
    private var lastGroup: (urgent: Int, started: UInt64)?
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
        lastSequence: UInt64, lastIngestTime: UInt64, maxBatchEvents: Int, maxBatchBytes: Int,
        deferNanoseconds: UInt64 = GroupCommitWriter.defaultDeferNanoseconds, logger: Logger
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
        self.deferNanoseconds = deferNanoseconds
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
        guard lock.raise(&stopping), let thread else { return }
        joinThread(thread)
    }

    /// Runs `work` inside the next group-commit transaction and returns its result after the commit.
    ///
    /// A `deferrable` request does not wake an idle writer by itself: it rides along with the next commit (an
    /// append, say) or is committed once it has waited ``deferNanoseconds`` (2 ms by default). Delivery-state changes use it:
    /// nobody waits on them but the worker itself, and on a lightly loaded box they would otherwise cost an fsync of
    /// their own next to every producer's.
    func perform(
        deferrable: Bool = false, _ work: @escaping @Sendable (borrowing WriteTransaction) throws(StorageError) -> UInt64
    ) async throws(StorageError) -> UInt64 {
        let result = await withUnsafeContinuation { continuation in
            enqueue(Request(payloads: .work(work), count: 1, bytes: 0, continuation: continuation, pipelined: deferrable), deferrable: deferrable)
        }
        return try result.get()
    }

    /// How long a deferrable request may wait for company before it is committed on its own, by default.
    static let defaultDeferNanoseconds: UInt64 = 2_000_000

    /// How long a deferrable request may wait for company before it is committed on its own (tests lengthen it so
    /// that timing on a loaded box cannot decide what shares a commit).
    let deferNanoseconds: UInt64

    /// Requests queued for the next commit (tests wait for a known queue before they act).
    var queuedRequests: Int {
        lock.lock()
        defer { lock.unlock() }
        return queue.count
    }

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
            if first { deferredDeadline = monotonicNanoseconds() + deferNanoseconds }
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
            if !unanswered.isEmpty && (urgent == 0 || unanswered.contains { $0.awaited }) {
                // Nothing urgent queued whose commit's data sync would carry the last meta page to the disk, or a
                // caller may be waiting for its answer: sync the meta page now. A producer that waits for each ack
                // gets it one small flush later instead of a whole commit later, and comes back for the next commit.
                lock.unlock()
                syncAndAnswer()
                if let lastGroup { linger.committed(urgentRequests: lastGroup.urgent, nanoseconds: monotonicNanoseconds() - lastGroup.started) }
                lock.lock()
            }
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
                syncAndAnswer()
                return
            }
            // No linger while callers wait for this commit's data sync: the producers they are cannot come back before.
            if !stopping, unanswered.isEmpty, let plan = linger.plan(urgentQueued: urgent) {
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
            // Provisional: replaced by the time until the answers once a meta sync answers the group.
            linger.committed(urgentRequests: groupUrgent, nanoseconds: finished - started)
            lastGroup = (groupUrgent, started)
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
            let started = monotonicNanoseconds()
            switch write(group, ingestTime: time, results: &results, failedIndex: &failedIndex) {
            case .success(let (next, wrote)):
                // Readers were woken (``write``'s `afterCommit`). This commit's data sync made the meta pages of the
                // groups before it durable: answer those. This group waits for the next data sync or meta sync.
                counters.record(requests: group.count, events: next - nextSequence, nanoseconds: monotonicNanoseconds() - started)
                let appended = next != nextSequence
                if appended { lastIngestTime = time }
                nextSequence = next
                if wrote { answerUnanswered(.success(())) }
                unanswered.append(
                    Unanswered(
                        requests: group, results: results, lastSequence: appended ? next - 1 : nil,
                        awaited: group.contains { !$0.pipelined }))
                return
            case .failure(let error):
                counters.recordFailure()
                // Whoever waits for a durable commit is not kept waiting on a writer that may keep failing.
                syncAndAnswer()
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

    /// Syncs the meta page (making every commit so far durable) and answers the groups waiting for that.
    private func syncAndAnswer() {
        guard !unanswered.isEmpty else { return }
        let started = monotonicNanoseconds()
        let result = Result { () throws(StorageError) in try environment.syncMeta() }
        counters.recordMetaSync(nanoseconds: monotonicNanoseconds() - started)
        if case .failure(let error) = result {
            // The groups are committed (their sequences are taken, readers may have seen them) but not known to be
            // durable, so no caller is told they are.
            logger.error("sync after commit failed", metadata: ["error": "\(error)", "groups": "\(unanswered.count)"])
        }
        answerUnanswered(result)
    }

    /// Answers every waiting group with `result` (success: their commits are durable).
    private func answerUnanswered(_ result: Result<Void, StorageError>) {
        for group in unanswered {
            switch result {
            case .success:
                if let last = group.lastSequence { durableSequence.store(last, ordering: .releasing) }
                for (request, value) in zip(group.requests, group.results) { request.completion.resume(returning: .success(value)) }
            case .failure(let error):
                for request in group.requests { request.completion.resume(returning: .failure(error)) }
            }
        }
        unanswered.removeAll(keepingCapacity: true)
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

    /// Writes and commits `group` in one transaction, leaving its meta page unsynced. Returns the next sequence and
    /// whether the commit wrote (and synced) pages. On failure, `failedIndex` names the request whose write threw
    /// (nil when the commit itself failed).
    private func write(
        _ group: ArraySlice<Request>, ingestTime: UInt64, results: inout [UInt64], failedIndex: inout Int?
    ) -> Result<(UInt64, Bool), StorageError> {
        let first = nextSequence
        let environment = environment
        let events = events
        let notifier = notifier
        var current: Int?
        let result = Result { () throws(StorageError) -> (result: ([UInt64], UInt64), wrote: Bool) in
            try environment.gate.shared { () throws(StorageError) -> (result: ([UInt64], UInt64), wrote: Bool) in
                try environment.commitLeavingMetaUnsynced({ (txn) throws(StorageError) -> ([UInt64], UInt64) in
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
                    // Delivery workers may read the new events before the meta page is durable (one fsync sooner);
                    // the producers are acknowledged only once it is. An operating-system crash in between can lose
                    // events that were delivered but never acknowledged — which at-least-once allows.
                    if next != first { notifier.publish(next - 1) }
                })
            }
        }
        switch result {
        case .success(let (committed, wrote)):
            results = committed.0
            return .success((committed.1, wrote))
        case .failure(let error):
            failedIndex = current
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
