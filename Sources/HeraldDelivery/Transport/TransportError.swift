/// Why no HTTP response was received.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad cause, used for classification and metrics.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Nobody listens at the address (ECONNREFUSED).
        case connectionRefused
        /// The TCP (or TLS) connection could not be established in time.
        case connectTimeout
        /// The request did not complete within its timeout.
        case timeout
        /// The connection was closed or reset before the response was complete.
        case connectionReset
        /// TLS failed (handshake, certificate).
        case tls
        /// The connection's credentials could not be obtained (OAuth token request failed).
        case authorizationFailed
        /// The request itself is unusable (bad URL, unsupported scheme); retrying cannot help.
        case invalidRequest
        /// Anything else (DNS failure, I/O error).
        case other
    }

    /// The broad cause.
    public var kind: Kind
    /// Details for logs and dead-letter records (never contains secrets).
    public var message: String

    /// Creates an error.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// `kind: message`.
    public var description: String { "\(kind.rawValue): \(message)" }
}
