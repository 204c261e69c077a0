import HeraldDelivery
import HeraldEvents
import HeraldStorage

/// One attempt, and the storage changes its outcome calls for.
extension TargetWorker {
    /// Sends every delivery concurrently (they are at most one window) and returns the outcomes.
    func send(_ deliveries: [PendingDelivery], plan: TargetPlan) async -> [AttemptOutcome] {
        guard !deliveries.isEmpty else { return [] }
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

    /// Builds, paces and sends one request, and classifies the result.
    ///
    /// A rate-limited event may wait long for its turn (a window of 256 at 1/s: minutes). While it waited the target
    /// may have gone (removed, its rule deleted, Herald stopping: nothing is sent) or changed (endpoint, connection,
    /// method, parameters, a deauthorized connection: the request is built again from the plan in force, and paced on
    /// its limiter if that is another one).
    func attempt(_ delivery: PendingDelivery, plan: TargetPlan) async -> AttemptOutcome {
        let startedAt = now()
        var delivery = delivery
        var plan = plan
        var request: DeliveryRequest
        var paced: RateLimiter<ContinuousClock>?
        while true {
            do {
                request = try plan.request(for: delivery, at: paced == nil ? startedAt : now())
            } catch {
                let failure = FailureAttempt(time: startedAt.millisecondsSince1970, error: error.message)
                return AttemptOutcome(
                    delivery: delivery, verdict: .permanent(FailureReason(message: error.message)), failure: failure, response: nil,
                    startedAt: startedAt)
            }
            guard let limiter = plan.endpoint.limiter, limiter !== paced else { break }
            // Time spent waiting on Herald's own rate limiter does not count against the event's age budget.
            guard let waited = try? await limiter.acquire() else {
                return AttemptOutcome(delivery: delivery, verdict: .retryable(FailureReason(message: "cancelled"), retryAfter: nil),
                                      failure: FailureAttempt(time: startedAt.millisecondsSince1970, error: "cancelled while rate limited"), response: nil,
                                      startedAt: startedAt)
            }
            delivery.state.rateLimitWait += waited
            paced = limiter
            if stopping.load(ordering: .relaxed) { return .notSent(delivery, at: startedAt) }
            let current = self.plan
            guard current !== plan else { break }
            plan = current
        }
        statusBox.withLock {
            $0.sent += 1
            $0.inFlight += 1
        }
        metrics?.attemptStarted()
        let transport = plan.endpoint.transport
        let result: Result<DeliveryResponse, TransportError>
        if let limiter = plan.endpoint.limiter {
            let gate: @Sendable () async -> Void = { _ = try? await limiter.acquire() }
            result = await ResendPacing.$gate.withValue(gate) { await transport.send(request) }
        } else {
            result = await transport.send(request)
        }
        statusBox.withLock { $0.inFlight -= 1 }
        metrics?.attemptFinished(latency: try? result.get().latency)
        let verdict = plan.classifier.classify(result, attempt: delivery.priorAttempts + 1)
        if case .success = verdict {
            let response = try? result.get()
            var annotation: DeliveryAnnotation?
            if let observer, let response {
                annotation = observer.delivered(event: delivery.envelope, target: key, request: request, response: response)
            }
            return AttemptOutcome(
                delivery: delivery, verdict: verdict, failure: nil, response: response, startedAt: startedAt,
                annotation: plan.annotation(annotation, for: delivery.envelope))
        }
        let observed = observer?.failed(event: delivery.envelope, target: key, request: request, response: try? result.get())
        let annotation = plan.annotation(observed, for: delivery.envelope)
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
        return AttemptOutcome(
            delivery: delivery, verdict: verdict, failure: failure, response: try? result.get(), startedAt: startedAt,
            annotation: annotation)
    }

    /// The storage changes an outcome calls for — its consumer-state change (none for a fresh event delivered)
    /// and, when journaling, its ``DeliveryOutcomeRecord`` — and whether the event was scheduled for a retry.
    func stateChanges(for outcome: AttemptOutcome, plan: TargetPlan) -> (changes: [ConsumerStateChange], retried: Bool) {
        let (change, recorded) = self.change(for: outcome, plan: plan)
        let retried = recorded == .failedRetrying
        guard journalOutcomes else { return (change.map { [$0] } ?? [], retried) }
        let delivery = outcome.delivery
        let latency = outcome.response.map { $0.latency.microseconds } ?? outcome.failure?.latencyMicroseconds ?? 0
        let record = DeliveryOutcomeRecord(
            eventID: delivery.envelope.id, sequence: delivery.sequence, bus: key.bus, rule: key.rule, target: key.targetID,
            attempt: delivery.priorAttempts + 1, time: outcome.startedAt.millisecondsSince1970, latencyMicroseconds: latency,
            outcome: recorded, statusCode: outcome.response?.statusCode ?? outcome.failure?.statusCode.map { Int($0) },
            error: outcome.failure.map { $0.error.isEmpty ? ($0.statusCode.map { "HTTP \($0)" } ?? "failed") : $0.error },
            annotation: outcome.annotation)
        var changes: [ConsumerStateChange] = []
        changes.reserveCapacity(2)
        if let change { changes.append(change) }
        changes.append(.journal(record.bytes))
        return (changes, retried)
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
            let dueTime = due.millisecondsSince1970
            return (
                outcome.delivery.isRetry
                    ? .rescheduleRetry(sequence: sequence, attempt: failure, dueTime: dueTime)
                    : .retry(sequence: sequence, attempt: failure, dueTime: dueTime),
                .failedRetrying
            )
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
