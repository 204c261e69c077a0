/// What one delivery attempt's outcome means for the event.
public enum AttemptVerdict: Sendable, Hashable {
    /// Delivered.
    case success
    /// Failed in a way worth retrying; `retryAfter` is the receiver's requested wait (already capped).
    case retryable(FailureReason, retryAfter: Duration?)
    /// Failed in a way retrying cannot fix: dead-letter at once.
    case permanent(FailureReason)
}

/// Why an attempt failed, as recorded with a retry or a dead-letter entry.
public struct FailureReason: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status, when a response arrived.
    public var statusCode: Int?
    /// The transport error, when no response arrived.
    public var transportError: TransportError?
    /// A short human-readable explanation.
    public var message: String

    /// Creates a reason.
    public init(statusCode: Int? = nil, transportError: TransportError? = nil, message: String) {
        self.statusCode = statusCode
        self.transportError = transportError
        self.message = message
    }

    /// The explanation.
    public var description: String { message }
}
