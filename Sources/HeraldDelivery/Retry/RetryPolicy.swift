/// A target's `RetryPolicy`, with EventBridge's limits and defaults.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// The allowed range of `MaximumRetryAttempts`.
    public static let retryAttemptsRange = 0...185
    /// The allowed range of `MaximumEventAgeInSeconds`.
    public static let eventAgeRange = 60...86_400

    /// EventBridge's default: 185 retries within 24 hours.
    public static let eventBridgeDefault = RetryPolicy(validatedRetries: 185, ageSeconds: 86_400)

    /// `MaximumRetryAttempts`: retries after the first attempt (so at most this + 1 attempts).
    public let maximumRetryAttempts: Int
    /// `MaximumEventAgeInSeconds`: how long an event may stay undelivered, not counting time spent waiting
    /// on Herald's own rate limiter.
    public let maximumEventAgeInSeconds: Int

    /// The age budget as a `Duration`.
    public var maximumEventAge: Duration { .seconds(maximumEventAgeInSeconds) }

    /// Validates a policy; omitted members take EventBridge's defaults (185 and 86400).
    ///
    /// - Throws: ``RetryPolicyError`` naming the member out of range.
    public init(maximumRetryAttempts: Int? = nil, maximumEventAgeInSeconds: Int? = nil) throws(RetryPolicyError) {
        let retries = maximumRetryAttempts ?? 185
        let age = maximumEventAgeInSeconds ?? 86_400
        guard Self.retryAttemptsRange.contains(retries) else { throw .maximumRetryAttemptsOutOfRange(retries) }
        guard Self.eventAgeRange.contains(age) else { throw .maximumEventAgeOutOfRange(age) }
        self.init(validatedRetries: retries, ageSeconds: age)
    }

    private init(validatedRetries: Int, ageSeconds: Int) {
        self.maximumRetryAttempts = validatedRetries
        self.maximumEventAgeInSeconds = ageSeconds
    }
}

/// Why a `RetryPolicy` is invalid (answered as a `ValidationException`).
public enum RetryPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `MaximumRetryAttempts` outside 0–185.
    case maximumRetryAttemptsOutOfRange(Int)
    /// `MaximumEventAgeInSeconds` outside 60–86400.
    case maximumEventAgeOutOfRange(Int)

    /// EventBridge-style validation message.
    public var description: String {
        switch self {
        case .maximumRetryAttemptsOutOfRange(let value):
            return "RetryPolicy.MaximumRetryAttempts must be between 0 and 185, not \(value)."
        case .maximumEventAgeOutOfRange(let value):
            return "RetryPolicy.MaximumEventAgeInSeconds must be between 60 and 86400, not \(value)."
        }
    }
}
