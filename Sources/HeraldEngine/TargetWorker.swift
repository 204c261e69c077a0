import DequeModule
import HeraldDelivery
import HeraldEvents
import HeraldJSON
import HeraldStorage
import Logging
import Synchronization

/// Delivers one target's events: reads forward from the target's durable cursor, matches, transforms, sends, and
/// records every outcome durably.
///
/// - **A sliding window.** At most ``TargetPlan/window`` matching events past the durable cursor are unfinished
///   or uncommitted at any time; the next event is sent as soon as one finishes, not when a whole batch has. The
///   cursor moves past an event only in the commit that records its outcome (or a later one), so after a crash at
///   most one window is sent again.
/// - **One commit loop.** Outcomes (retries, dead letters, ledger journal records, holds) and cursor advances are
///   queued and written by a single loop, one transaction per turn (the storage writer batches turns of all targets
///   into one fsync), in the order they were queued.
/// - **Retries.** Due retries arrive from the engine's ``RetryDispatcher`` and are sent by a second loop, so a
///   backlog of fresh events never starves retries (and vice versa).
/// - **Per-group ordering** (``TargetPlan/ordering``): see ``OrderingGate``.
final class TargetWorker: Sendable {
    /// One fresh event inside the window.
    struct FreshDelivery: Sendable {
        let delivery: PendingDelivery
        /// Its ordering group, when the target orders by group.
        let group: String?
    }

    /// Everything the worker's loops share, under one lock.
    struct SharedState: Sendable {
        var window = DeliveryWindow()
        var gate = OrderingGate<FreshDelivery>()
        /// Changes waiting for the commit loop, in order.
        var queued: [ConsumerStateChange] = []
        /// Run after the commit that carries `queued` is durable.
        var afterCommit: [@Sendable () -> Void] = []
        /// Sequences at or past the cursor that were already in the retry queue at start-up (their outcome was
        /// recorded before a crash): the fresh loop does not send them again.
        var skip: Set<UInt64> = []
        /// Requests outstanding (fresh and retries).
        var sending = 0
        /// Fresh requests outstanding (at most ``TargetPlan/window``).
        var freshSending = 0
        /// Matching events read ahead while every sender was busy (at most one more window): a sender that finishes
        /// takes the next one from here instead of parking and waiting for the fresh-event loop to hand it one.
        var readAhead: Deque<SenderPool.Work> = []
        /// Set by the fresh-event loop when it waits for window space (or for the window to drain, before a seek);
        /// a finishing sender wakes it only then, and only once the read-ahead is down to half a window, so a
        /// backlog is read in batches instead of one event per finished delivery.
        var readerWantsRoom = false
        /// Set when the commit loop has ended: nothing queued from then on is written (it is sent again after a
        /// restart), and whoever waits for a commit is released at once.
        var commitClosed = false

        /// Senders free for fresh events in a window of `window` (none while a shrunken window is still overfull).
        func freeSenders(window: Int) -> Int { max(0, window - freshSending) }

        /// Counts `count` fresh events handed to senders.
        mutating func startSending(_ count: Int) {
            sending += count
            freshSending += count
        }
    }

    let key: TargetKey
    let consumer: ConsumerID
    private let planBox: Mutex<TargetPlan>
    let store: HeraldStore
    let tracker: RetryTracker
    let logger: Logger
    let now: @Sendable () -> UTCTime
    let metrics: TargetDeliveryMetrics?
    let observer: (any DeliveryObserver)?
    /// Records decoded once for every worker of the engine.
    let decodedEvents: DecodedEventCache
    /// Whether each attempt's outcome is also appended to the storage journal (for the ledger).
    let journalOutcomes: Bool
    let statusBox = Mutex(TargetStatus())
    let shared = Mutex(SharedState())
    let retryInbox: AsyncStream<[RetryEntry]>
    private let retryContinuation: AsyncStream<[RetryEntry]>.Continuation
    private let stopSignal: AsyncStream<Void>
    private let stopContinuation: AsyncStream<Void>.Continuation
    /// Wakes the fresh-event loop (window space freed, seek, stop).
    let readerWake: AsyncStream<Void>
    let readerWakeContinuation: AsyncStream<Void>.Continuation
    /// Wakes the commit loop (something queued).
    let commitWake: AsyncStream<Void>
    let commitWakeContinuation: AsyncStream<Void>.Continuation
    /// Set when stopping; loops exit at their next turn.
    let stopping = Atomic<Bool>(false)
    /// Set when the commit loop has written its last turn.
    let commitLoopDone = Atomic<Bool>(false)
    /// A paused target sends nothing (fresh events wait at the cursor; due retries stay queued).
    let paused = Atomic<Bool>(false)
    /// A cursor move requested by an operator, applied by the fresh-event loop once its window is drained; its
    /// callers wait until the new cursor is durable.
    let pendingSeek = Mutex<PendingSeek?>(nil)

    /// An operator's cursor move and who waits for it (`true`: the cursor is durable; `false`: the target stopped first).
    struct PendingSeek {
        var sequence: UInt64
        var waiters: [CheckedContinuation<Bool, Never>]
    }
    /// The fresh-event loop's parked senders (see ``SenderPool``).
    let senderPool = Mutex(SenderPool())
    /// How many sender tasks the fresh-event loop has started (for tests and diagnostics: with parked senders
    /// reused, about one window's worth per busy period, not one per event).
    let sendersStarted = Atomic<Int>(0)
    /// How many sender tasks have ended (for tests and diagnostics: all of them once the target has been idle a while).
    let sendersEnded = Atomic<Int>(0)
    /// How many events senders took from the read-ahead (for tests and diagnostics).
    let readAheadTaken = Atomic<Int>(0)

    init(
        plan: TargetPlan, consumer: ConsumerID, store: HeraldStore, tracker: RetryTracker,
        logger: Logger, metrics: TargetDeliveryMetrics?, observer: (any DeliveryObserver)?, journalOutcomes: Bool = false,
        decodedEvents: DecodedEventCache = DecodedEventCache(), now: @escaping @Sendable () -> UTCTime
    ) {
        self.observer = observer
        self.decodedEvents = decodedEvents
        self.journalOutcomes = journalOutcomes
        self.metrics = metrics
        self.key = plan.key
        self.consumer = consumer
        self.planBox = Mutex(plan)
        self.store = store
        self.tracker = tracker
        self.logger = logger
        self.now = now
        (retryInbox, retryContinuation) = AsyncStream.makeStream(of: [RetryEntry].self)
        (stopSignal, stopContinuation) = AsyncStream.makeStream(of: Void.self)
        (readerWake, readerWakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (commitWake, commitWakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The plan in force; replaced when the catalog changes.
    var plan: TargetPlan {
        get { planBox.withLock { $0 } }
        set { planBox.withLock { $0 = newValue } }
    }

    var status: TargetStatus { statusBox.withLock { $0 } }

    var isPaused: Bool { paused.load(ordering: .relaxed) }

    /// Pauses or resumes sending (the engine persists the flag).
    func setPaused(_ value: Bool) {
        paused.store(value, ordering: .relaxed)
        statusBox.withLock { $0.state = value ? .paused : .running }
        readerWakeContinuation.yield()
    }

    /// Asks the fresh-event loop to move the cursor to `sequence` once the events in flight are recorded, and waits
    /// until the new cursor is durable (`true`) or the target stopped before (`false`): an acknowledged seek
    /// survives a crash.
    func seek(to sequence: UInt64) async -> Bool {
        await withCheckedContinuation { continuation in
            let accepted = pendingSeek.withLock { pending -> Bool in
                guard !stopping.load(ordering: .relaxed) else { return false }
                var next = pending ?? PendingSeek(sequence: sequence, waiters: [])
                next.sequence = sequence
                next.waiters.append(continuation)
                pending = next
                return true
            }
            if accepted { readerWakeContinuation.yield() } else { continuation.resume(returning: false) }
        }
    }

    /// Tells whoever waits for a seek that it will not be applied (the target stopped).
    func abandonPendingSeek() {
        let waiters = pendingSeek.withLock { pending in
            defer { pending = nil }
            return pending?.waiters ?? []
        }
        for waiter in waiters { waiter.resume(returning: false) }
    }

    /// Hands due retry entries to the worker (the dispatcher has marked them in flight).
    func enqueueRetries(_ entries: [RetryEntry]) {
        if case .terminated = retryContinuation.yield(entries) { tracker.release(entries) }
    }

    /// Asks the worker to stop after the requests in hand (bounded by `grace`).
    func stop() {
        stopping.store(true, ordering: .relaxed)
        stopContinuation.finish()
        readerWakeContinuation.yield()
    }

    /// Runs until ``stop()``; requests in flight get up to `grace` to finish (and their outcomes to be recorded)
    /// before they are cancelled.
    func run(grace: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { loops in
                    loops.addTask { await self.deliverFreshEvents() }
                    loops.addTask { await self.deliverRetries() }
                    loops.addTask { await self.commitOutcomes() }
                }
            }
            group.addTask {
                for await _ in self.stopSignal {}
                self.retryContinuation.finish()
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: grace)
                while self.shared.withLock({ $0.sending }) > 0, clock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                self.commitWakeContinuation.finish()
                while !self.commitLoopDone.load(ordering: .relaxed), clock.now < deadline.advanced(by: .seconds(1)) {
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            await group.next()
            group.cancelAll()
        }
        statusBox.withLock { $0.state = .stopped }
    }

    func backOff(after error: StorageError, doing what: String) async {
        if case .closed = error {
            stopping.store(true, ordering: .relaxed)
            return
        }
        logger.error("cannot \(what); retrying in 1 s", metadata: ["target": "\(key)", "error": "\(error)"])
        await pause(.seconds(1))
    }

    /// Waits for the log to pass `sequence`, waking at least every ~100 ms (the log writer's heartbeat) so seeks,
    /// pauses and stops are seen. (A timer task beside every wait cost a dispatch timer and two child tasks per
    /// catch-up: ~3% of the CPU at 10,000 events/s.)
    func waitForAppend(after sequence: UInt64) async {
        _ = await store.log.waitForAppendOrHeartbeat(after: sequence)
    }

    func pause(_ duration: Duration) async {
        try? await Task.sleep(for: duration)
    }
}
