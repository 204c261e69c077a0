/// Errors of the socket client.
public enum HeraldClientError: Error, Sendable, Equatable {
    /// The connection closed before every response arrived; those puts may or may not be durable.
    case connectionClosed
    /// A response line exceeded the client's frame limit.
    case responseTooLarge
    /// A response line was not the JSON Herald sends.
    case malformedResponse(String)
}
