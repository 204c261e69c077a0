/// One failed delivery attempt, as kept in retry and dead-letter history.
public struct FailureAttempt: Sendable, Hashable {
    /// Longest error text kept, in UTF-8 bytes (longer text is truncated when encoded).
    public static let maxErrorBytes = 1024
    /// Longest response-body excerpt kept, in bytes (longer excerpts are truncated when encoded).
    public static let maxExcerptBytes = 1024

    /// When the attempt started, in milliseconds since the Unix epoch.
    public var time: UInt64
    /// The HTTP status code received, or `nil` when no response arrived (network error, timeout…).
    public var statusCode: UInt16?
    /// Error text (e.g. `"connection refused"`, `"timeout after 5s"`); may be empty when `statusCode` says enough.
    public var error: String
    /// How long the attempt took, in microseconds.
    public var latencyMicroseconds: UInt32
    /// The first bytes of the response body, if any.
    public var responseExcerpt: [UInt8]

    /// Creates an attempt record.
    /// - Parameters:
    ///   - time: Start time, ms since the epoch.
    ///   - statusCode: HTTP status, or `nil` without a response.
    ///   - error: Error text.
    ///   - latencyMicroseconds: Duration in µs.
    ///   - responseExcerpt: First bytes of the response body.
    public init(time: UInt64, statusCode: UInt16? = nil, error: String = "", latencyMicroseconds: UInt32 = 0, responseExcerpt: [UInt8] = []) {
        self.time = time
        self.statusCode = statusCode
        self.error = error
        self.latencyMicroseconds = latencyMicroseconds
        self.responseExcerpt = responseExcerpt
    }
}

/// Why an event was dead-lettered. An open set of well-known values; any string is allowed.
public struct DeadLetterReason: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The reason text stored on disk.
    public let rawValue: String

    /// Wraps a reason text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `MaximumRetryAttempts` was exhausted.
    public static let maximumRetryAttemptsExceeded = DeadLetterReason(rawValue: "MaximumRetryAttemptsExceeded")
    /// `MaximumEventAgeInSeconds` was exceeded.
    public static let maximumEventAgeExceeded = DeadLetterReason(rawValue: "MaximumEventAgeExceeded")
    /// The target answered with a non-retryable status (a 4xx other than 401/407/409/429).
    public static let nonRetryableResponse = DeadLetterReason(rawValue: "NonRetryableResponse")
    /// The event could not be transformed into a request (InputTransformer failure…).
    public static let invalidRequest = DeadLetterReason(rawValue: "InvalidRequest")

    /// The reason text.
    public var description: String { rawValue }
}
