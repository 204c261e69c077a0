import HeraldDelivery
import HeraldEvents
import HeraldJSON
import HeraldStorage
import Logging
import Synchronization

/// Delivers one target's events: reads forward from the target's durable cursor, matches, transforms, sends, and
/// records the outcome of each batch in one storage transaction (cursor advance + retries + dead letters).
///
/// - At most ``TargetPlan/window`` events of this target are in flight; after a crash at most that many are sent
///   again, because the cursor only moves past a batch once the batch's outcomes are durable.
/// - Due retries arrive from the engine's ``RetryDispatcher`` and are sent by a second loop, so a backlog of fresh
///   events never starves retries (and vice versa).
final class TargetWorker: Sendable {
    let key: TargetKey
    let consumer: ConsumerID
    private let planBox: Mutex<TargetPlan>
    private let store: HeraldStore
    private let tracker: RetryTracker
    private let logger: Logger
    private let now: @Sendable () -> UTCTime
    private let metrics: TargetDeliveryMetrics?
    private let observer: (any DeliveryObserver)?
    /// Whether each attempt's outcome is also appended to the storage journal (for the ledger).
    private let journalOutcomes: Bool
    private let statusBox = Mutex(TargetStatus())
    private let retryInbox: AsyncStream<[RetryEntry]>
    private let retryContinuation: AsyncStream<[RetryEntry]>.Continuation
    private let stopSignal: AsyncStream<Void>
    private let stopContinuation: AsyncStream<Void>.Continuation
    /// Set when stopping; loops exit between batches.
    private let stopping = Atomic<Bool>(false)
    /// Batches currently being sent (stop waits for them, within a grace period).
    private let busy = Atomic<Int>(0)
    /// A paused target sends nothing (fresh events wait at the cursor; due retries stay queued).
    private let paused = Atomic<Bool>(false)
    /// A cursor move requested by an operator, applied by the fresh-event loop between batches.
    private let pendingSeek = Mutex<UInt64?>(nil)

    init(
        plan: TargetPlan, consumer: ConsumerID, store: HeraldStore, tracker: RetryTracker,
        logger: Logger, metrics: TargetDeliveryMetrics?, observer: (any DeliveryObserver)?, journalOutcomes: Bool = false,
        now: @escaping @Sendable () -> UTCTime
    ) {
        self.observer = observer
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
    }

    /// Asks the fresh-event loop to move the cursor to `sequence` before its next batch.
    func seek(to sequence: UInt64) {
        pendingSeek.withLock { $0 = sequence }
    }

    /// Hands due retry entries to the worker (the dispatcher has marked them in flight).
    func enqueueRetries(_ entries: [RetryEntry]) {
        if case .terminated = retryContinuation.yield(entries) { tracker.release(entries) }
    }

    /// Asks the worker to stop after the batch in hand (bounded by `grace`).
    func stop() {
        stopping.store(true, ordering: .relaxed)
        stopContinuation.finish()
    }

    /// Runs until ``stop()``; a batch in flight gets up to `grace` to finish before it is cancelled.
    func run(grace: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { loops in
                    loops.addTask { await self.deliverFreshEvents() }
                    loops.addTask { await self.deliverRetries() }
                }
            }
            group.addTask {
                for await _ in self.stopSignal {}
                self.retryContinuation.finish()
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: grace)
                while self.busy.load(ordering: .relaxed) > 0, clock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            await group.next()
            group.cancelAll()
        }
        statusBox.withLock { $0.state = .stopped }
    }

    // MARK: - Fresh events

    private func deliverFreshEvents() async {
        let log = store.log
        var cursor: UInt64
        do {
            cursor = try store.consumers.cursor(of: consumer) ?? log.lastSequence + 1
        } catch {
            logger.error("cannot read the cursor; target stopped", metadata: ["target": "\(key)", "error": "\(error)"])
            return
        }
        while !stopping.load(ordering: .relaxed), !Task.isCancelled, !log.isClosed {
            if let target = pendingSeek.withLock({ value -> UInt64? in defer { value = nil }; return value }) {
                if await commit([.setCursor(target)]) { cursor = target } else { seek(to: target) }
                continue
            }
            if paused.load(ordering: .relaxed) {
                await pause(.milliseconds(50))
                continue
            }
            if cursor > log.lastSequence {
                await waitForAppend(after: cursor - 1)
                continue
            }
            let plan = self.plan
            let records: [LogRecord]
            do {
                records = try log.read(from: cursor, limit: plan.window)
            } catch {
                await backOff(after: error, doing: "read the log")
                continue
            }
            guard let last = records.last else {
                // The log below the cursor's position was compacted away (only possible after a manual seek).
                if let first = try? log.firstSequence(), first > cursor { cursor = first } else { await pause(.milliseconds(10)) }
                continue
            }
            busy.add(1, ordering: .relaxed)
            let deliveries = records.compactMap { prepare($0, plan: plan) }
            let outcomes = await send(deliveries, plan: plan)
            var changes = outcomes.flatMap { stateChanges(for: $0, plan: plan) }
            changes.append(.advanceCursor(to: last.sequence + 1))
            let committed = await commit(changes)
            busy.subtract(1, ordering: .relaxed)
            if committed { cursor = last.sequence + 1 }
        }
    }

    /// Decodes and matches one record; nil when the target does not want it.
    private func prepare(_ record: LogRecord, plan: TargetPlan) -> PendingDelivery? {
        switch PendingDelivery.decode(record) {
        case .failure(let failure):
            logger.warning("skipping undecodable log record", metadata: ["target": "\(key)", "error": "\(failure.message)"])
            return nil
        case .success(let decoded):
            guard decoded.bus == plan.key.bus, plan.matches(decoded.json) else { return nil }
            do {
                return try PendingDelivery(record: record, json: decoded.json, envelopeJSON: decoded.envelopeJSON, retry: nil)
            } catch {
                logger.warning("skipping event with an invalid envelope", metadata: ["target": "\(key)", "error": "\(error)"])
                return nil
            }
        }
    }

    // MARK: - Retries

    /// Sends due retries as they arrive, several batches at once: at most ``TargetPlan/window`` retry entries of this
    /// target are in flight, so a backlog of retries (each batch small, as entries fall due one by one) drains at the
    /// target's concurrency instead of one batch per round trip.
    private func deliverRetries() async {
        await withTaskGroup(of: Int.self) { group in
            var inFlight = 0
            for await entries in retryInbox {
                if stopping.load(ordering: .relaxed) {
                    tracker.release(entries)
                    continue
                }
                let limit = max(1, plan.window)
                while inFlight > 0, inFlight + entries.count > limit, let done = await group.next() {
                    inFlight -= done
                }
                inFlight += entries.count
                group.addTask {
                    await self.deliverRetryBatch(entries)
                    return entries.count
                }
            }
        }
    }

    /// Sends one batch of due retries and records their outcomes in one transaction.
    private func deliverRetryBatch(_ entries: [RetryEntry]) async {
        do {
            busy.add(1, ordering: .relaxed)
            let plan = self.plan
            var changes: [ConsumerStateChange] = []
            var deliveries: [PendingDelivery] = []
            for entry in entries {
                guard let record = entry.embeddedEvent ?? (try? store.log.record(at: entry.sequence)) else {
                    logger.error("retry entry refers to a missing event", metadata: ["target": "\(key)", "sequence": "\(entry.sequence)"])
                    changes.append(.completeRetry(sequence: entry.sequence))
                    continue
                }
                guard case .success(let decoded) = PendingDelivery.decode(record),
                    let delivery = try? PendingDelivery(record: record, json: decoded.json, envelopeJSON: decoded.envelopeJSON, retry: entry)
                else {
                    changes.append(.deadLetter(sequence: entry.sequence, attempt: nil, reason: .init(rawValue: "undecodable")))
                    continue
                }
                if plan.retry.isExpired(delivery.state, now: now()) {
                    changes.append(.deadLetter(sequence: entry.sequence, attempt: nil, reason: .init(rawValue: "max_age_exceeded")))
                    if journalOutcomes {
                        changes.append(.journal(DeliveryOutcomeRecord(
                            eventID: delivery.envelope.id, sequence: delivery.sequence, bus: key.bus, rule: key.rule,
                            target: key.targetID, attempt: 0, time: now().millisecondsSince1970, latencyMicroseconds: 0,
                            outcome: .deadLettered, error: "max_age_exceeded").bytes))
                    }
                    statusBox.withLock { $0.deadLettered += 1 }
                    continue
                }
                deliveries.append(delivery)
            }
            let outcomes = await send(deliveries, plan: plan)
            changes += outcomes.flatMap { stateChanges(for: $0, plan: plan) }
            _ = await commit(changes)
            tracker.release(entries)
            busy.subtract(1, ordering: .relaxed)
        }
    }

    // MARK: - Sending and recording

    /// Sends every delivery concurrently (they are at most one window) and returns the outcomes.
    private func send(_ deliveries: [PendingDelivery], plan: TargetPlan) async -> [AttemptOutcome] {
        guard !deliveries.isEmpty else { return [] }
        statusBox.withLock { $0.inFlight += deliveries.count }
        defer { statusBox.withLock { $0.inFlight -= deliveries.count } }
        return await withTaskGroup(of: AttemptOutcome.self, returning: [AttemptOutcome].self) { group in
            for delivery in deliveries {
                group.addTask { await self.attempt(delivery, plan: plan) }
            }
            var outcomes: [AttemptOutcome] = []
            outcomes.reserveCapacity(deliveries.count)
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }

    private func attempt(_ delivery: PendingDelivery, plan: TargetPlan) async -> AttemptOutcome {
        let startedAt = now()
        let request: DeliveryRequest
        do {
            request = try plan.request(for: delivery, at: startedAt)
        } catch {
            let failure = FailureAttempt(time: startedAt.millisecondsSince1970, error: error.message)
            return AttemptOutcome(
                delivery: delivery, verdict: .permanent(FailureReason(message: error.message)), failure: failure, response: nil,
                startedAt: startedAt)
        }
        var delivery = delivery
        if let limiter = plan.endpoint.limiter {
            // Time spent waiting on Herald's own rate limiter does not count against the event's age budget.
            guard let waited = try? await limiter.acquire() else {
                return AttemptOutcome(delivery: delivery, verdict: .retryable(FailureReason(message: "cancelled"), retryAfter: nil),
                                      failure: FailureAttempt(time: startedAt.millisecondsSince1970, error: "cancelled while rate limited"), response: nil,
                                      startedAt: startedAt)
            }
            delivery.state.rateLimitWait += waited
        }
        statusBox.withLock { $0.sent += 1 }
        metrics?.attemptStarted()
        let result = await plan.endpoint.transport.send(request)
        metrics?.attemptFinished(latency: try? result.get().latency)
        let verdict = plan.classifier.classify(result)
        if case .success = verdict {
            let response = try? result.get()
            var annotation: DeliveryAnnotation?
            if let observer, let response {
                annotation = await observer.delivered(event: delivery.envelope, target: key, request: request, response: response)
            }
            return AttemptOutcome(
                delivery: delivery, verdict: verdict, failure: nil, response: response, startedAt: startedAt, annotation: annotation)
        }
        let failure: FailureAttempt
        switch result {
        case .success(let response):
            failure = FailureAttempt(
                time: startedAt.millisecondsSince1970, statusCode: UInt16(clamping: response.statusCode),
                error: verdict.reasonText, latencyMicroseconds: response.latency.microseconds,
                responseExcerpt: Array(response.bodyExcerpt.prefix(512)))
        case .failure(let error):
            failure = FailureAttempt(
                time: startedAt.millisecondsSince1970, error: error.description,
                latencyMicroseconds: startedAt.duration(to: now()).microseconds)
        }
        return AttemptOutcome(delivery: delivery, verdict: verdict, failure: failure, response: try? result.get(), startedAt: startedAt)
    }

    /// The storage changes an outcome calls for: its consumer-state change (none for a fresh event delivered) and,
    /// when journaling, its ``DeliveryOutcomeRecord``.
    private func stateChanges(for outcome: AttemptOutcome, plan: TargetPlan) -> [ConsumerStateChange] {
        let (change, recorded) = self.change(for: outcome, plan: plan)
        guard journalOutcomes else { return change.map { [$0] } ?? [] }
        let delivery = outcome.delivery
        let latency = outcome.response.map { $0.latency.microseconds } ?? outcome.failure?.latencyMicroseconds ?? 0
        let record = DeliveryOutcomeRecord(
            eventID: delivery.envelope.id, sequence: delivery.sequence, bus: key.bus, rule: key.rule, target: key.targetID,
            attempt: delivery.priorAttempts + 1, time: outcome.startedAt.millisecondsSince1970, latencyMicroseconds: latency,
            outcome: recorded, statusCode: outcome.response?.statusCode ?? outcome.failure?.statusCode.map { Int($0) },
            error: outcome.failure.map { $0.error.isEmpty ? ($0.statusCode.map { "HTTP \($0)" } ?? "failed") : $0.error },
            annotation: outcome.annotation)
        return (change.map { [$0] } ?? []) + [.journal(record.bytes)]
    }

    /// The consumer-state change an outcome calls for (nil: a fresh event delivered) and how the journal names it.
    private func change(for outcome: AttemptOutcome, plan: TargetPlan) -> (ConsumerStateChange?, DeliveryOutcomeRecord.Outcome) {
        var state = outcome.delivery.state
        var random = SystemRandomNumberGenerator()
        let decision = plan.retry.decide(after: outcome.verdict, state: &state, now: now(), random: &random)
        metrics?.record(decision)
        logger.debug(
            "delivery attempt", metadata: ["target": "\(key)", "sequence": "\(outcome.delivery.sequence)", "attempt": "\(state.attempts)",
                                           "decision": "\(decision)"])
        let sequence = outcome.delivery.sequence
        switch decision {
        case .succeeded:
            statusBox.withLock { $0.succeeded += 1 }
            return (outcome.delivery.isRetry ? .completeRetry(sequence: sequence) : nil, .delivered)
        case .retry(let due, _):
            noteFailure(outcome)
            statusBox.withLock { $0.retried += 1 }
            guard let failure = outcome.failure else { return (nil, .failedRetrying) }
            return (.retry(sequence: sequence, attempt: failure, dueTime: due.millisecondsSince1970), .failedRetrying)
        case .deadLetter(let reason):
            noteFailure(outcome)
            statusBox.withLock { $0.deadLettered += 1 }
            return (.deadLetter(sequence: sequence, attempt: outcome.failure, reason: .init(rawValue: reason.code)), .deadLettered)
        }
    }

    private func noteFailure(_ outcome: AttemptOutcome) {
        guard let failure = outcome.failure else { return }
        let text = failure.error.isEmpty ? (failure.statusCode.map { "HTTP \($0)" } ?? "failed") : failure.error
        statusBox.withLock { $0.lastError = (failure.time, text) }
    }

    /// Applies the batch's changes in one transaction. A retryable failure (map or disk full) is retried — the
    /// outcomes are kept, the requests are not sent again — until it commits or the worker stops; the retries drop
    /// the batch's ledger journal records, so the ledger can never be what keeps delivery from recording progress
    /// on a full map (the ledger then misses those attempts; a warning says how many). After any other failure the
    /// batch will be sent again (at-least-once).
    private func commit(_ changes: [ConsumerStateChange]) async -> Bool {
        var changes = changes
        while true {
            do {
                try await store.consumers.apply(changes, for: consumer)
                return true
            } catch {
                guard error.isRetryable, !stopping.load(ordering: .relaxed), !Task.isCancelled else {
                    await backOff(after: error, doing: "record delivery outcomes")
                    return false
                }
                let journal = changes.filter { if case .journal = $0 { true } else { false } }.count
                if journal > 0 {
                    changes.removeAll { if case .journal = $0 { true } else { false } }
                    logger.warning("storage full: recording delivery outcomes without their \(journal) ledger record(s)", metadata: ["target": "\(key)"])
                }
                logger.warning("cannot record delivery outcomes yet; retrying the commit in 1 s", metadata: ["target": "\(key)", "error": "\(error)"])
                await pause(.seconds(1))
            }
        }
    }

    private func backOff(after error: StorageError, doing what: String) async {
        if case .closed = error {
            stopping.store(true, ordering: .relaxed)
            return
        }
        logger.error("cannot \(what); retrying in 1 s", metadata: ["target": "\(key)", "error": "\(error)"])
        await pause(.seconds(1))
    }

    /// Waits for the log to pass `sequence`, waking at least every 100 ms so seeks, pauses and stops are seen.
    private func waitForAppend(after sequence: UInt64) async {
        let log = store.log
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await log.waitForAppend(after: sequence) }
            group.addTask { try? await Task.sleep(for: .milliseconds(100)) }
            await group.next()
            group.cancelAll()
        }
    }

    private func pause(_ duration: Duration) async {
        try? await Task.sleep(for: duration)
    }
}

extension AttemptVerdict {
    /// The failure text of a failed verdict.
    var reasonText: String {
        switch self {
        case .success: ""
        case .retryable(let reason, _), .permanent(let reason): reason.message
        }
    }
}

extension Duration {
    /// Whole microseconds, clamped to `UInt32`.
    var microseconds: UInt32 {
        let (seconds, attoseconds) = components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return UInt32(clamping: max(0, micros))
    }
}

extension UTCTime {
    /// Milliseconds since the Unix epoch (clamped at 0).
    var millisecondsSince1970: UInt64 { UInt64(max(0, nanosecondsSince1970 / 1_000_000)) }
}
