/// The pure retry logic of one target: given an attempt's verdict and the event's ``DeliveryState``,
/// decides whether it succeeded, when to retry, or that it goes to the dead-letter queue.
///
/// It performs no I/O and reads no clock: callers pass `now` from their injected `Clock` and a random
/// generator for jitter, so a whole 24-hour schedule can be replayed in milliseconds.
///
/// Rules:
/// - ``AttemptVerdict/success`` → ``RetryDecision/succeeded``.
/// - ``AttemptVerdict/permanent(_:)`` → dead-letter at once.
/// - ``AttemptVerdict/retryable(_:retryAfter:)``: dead-letter if `MaximumRetryAttempts` retries were
///   already made; otherwise the delay is the ``Backoff`` delay, raised to the (capped) `Retry-After` if
///   that is longer; dead-letter if the retry would happen when the event is older than
///   `MaximumEventAgeInSeconds` (age excludes rate-limiter waits); else retry then.
public struct RetryStateMachine<C: Clock>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    /// The target's retry policy.
    public let policy: RetryPolicy
    /// The backoff schedule.
    public let backoff: Backoff

    /// Creates a state machine.
    public init(policy: RetryPolicy = .eventBridgeDefault, backoff: Backoff = Backoff()) {
        self.policy = policy
        self.backoff = backoff
    }

    /// Records an attempt in `state` and decides what happens next.
    ///
    /// - Parameters:
    ///   - verdict: the classified outcome of the attempt just made.
    ///   - state: the event's state; `attempts`, `previousDelay` and `lastFailure` are updated.
    ///   - now: the current instant of the dispatcher's clock.
    ///   - random: the jitter source.
    public func decide(
        after verdict: AttemptVerdict,
        state: inout DeliveryState<C.Instant>,
        now: C.Instant,
        random: inout some RandomNumberGenerator
    ) -> RetryDecision<C.Instant> {
        state.attempts += 1
        switch verdict {
        case .success:
            state.lastFailure = nil
            return .succeeded
        case .permanent(let reason):
            state.lastFailure = reason
            return .deadLetter(.permanentFailure(reason))
        case .retryable(let reason, let retryAfter):
            state.lastFailure = reason
            let retriesMade = state.attempts - 1
            guard retriesMade < policy.maximumRetryAttempts else {
                return .deadLetter(.retryAttemptsExhausted(reason, attempts: state.attempts))
            }
            var delay = backoff.delay(forRetry: retriesMade + 1, previous: state.previousDelay, using: &random)
            if let retryAfter, retryAfter > delay { delay = retryAfter }
            let due = now.advanced(by: delay)
            guard state.age(at: due) <= policy.maximumEventAge else {
                return .deadLetter(.maximumEventAgeExceeded(reason, attempts: state.attempts))
            }
            state.previousDelay = delay
            return .retry(at: due, delay: delay)
        }
    }

    /// Whether an event waiting for its next attempt has outlived its age budget at `now` (for events
    /// found overdue after downtime: dead-letter them instead of sending).
    public func isExpired(_ state: DeliveryState<C.Instant>, now: C.Instant) -> Bool {
        state.age(at: now) > policy.maximumEventAge
    }
}
