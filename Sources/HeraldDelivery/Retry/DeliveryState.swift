/// Where one event stands in its delivery to one target (what the retry queue persists).
public struct DeliveryState<Instant: InstantProtocol>: Sendable, Hashable where Instant: Sendable, Instant.Duration == Duration {
    /// Attempts made so far.
    public var attempts: Int
    /// When the event's age budget started: its ingestion (or the first attempt, if the caller prefers).
    public var ageOrigin: Instant
    /// Time spent waiting on Herald's own rate limiter, which does not count against the age budget.
    public var rateLimitWait: Duration
    /// The delay chosen before the latest retry (decorrelated jitter grows from it).
    public var previousDelay: Duration?
    /// Why the latest attempt failed.
    public var lastFailure: FailureReason?

    /// Creates the state of an event not yet attempted.
    public init(ageOrigin: Instant, attempts: Int = 0, rateLimitWait: Duration = .zero, previousDelay: Duration? = nil, lastFailure: FailureReason? = nil) {
        self.attempts = attempts
        self.ageOrigin = ageOrigin
        self.rateLimitWait = rateLimitWait
        self.previousDelay = previousDelay
        self.lastFailure = lastFailure
    }

    /// The event's age at `now` for budget purposes: elapsed time minus rate-limiter waits.
    public func age(at now: Instant) -> Duration {
        ageOrigin.duration(to: now) - rateLimitWait
    }
}

/// What to do with an event after an attempt.
public enum RetryDecision<Instant: Sendable & Hashable>: Sendable, Hashable {
    /// Delivered: acknowledge.
    case succeeded
    /// Try again at `at` (after waiting `delay`).
    case retry(at: Instant, delay: Duration)
    /// Give up and move the event to the dead-letter queue.
    case deadLetter(DeadLetterReason)
}

/// Why an event was dead-lettered.
public enum DeadLetterReason: Sendable, Hashable, CustomStringConvertible {
    /// The failure cannot be fixed by retrying (e.g. HTTP 400).
    case permanentFailure(FailureReason)
    /// `MaximumRetryAttempts` retries were used.
    case retryAttemptsExhausted(FailureReason, attempts: Int)
    /// The next retry would fall after `MaximumEventAgeInSeconds`.
    case maximumEventAgeExceeded(FailureReason, attempts: Int)

    /// The failure of the last attempt.
    public var lastFailure: FailureReason {
        switch self {
        case .permanentFailure(let reason), .retryAttemptsExhausted(let reason, _), .maximumEventAgeExceeded(let reason, _):
            return reason
        }
    }

    /// A short code for DLQ records and metrics: `permanent`, `retries_exhausted` or `max_age_exceeded`.
    public var code: String {
        switch self {
        case .permanentFailure: return "permanent"
        case .retryAttemptsExhausted: return "retries_exhausted"
        case .maximumEventAgeExceeded: return "max_age_exceeded"
        }
    }

    /// `code: last failure`.
    public var description: String { "\(code): \(lastFailure)" }
}
