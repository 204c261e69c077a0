/// Errors of the fake providers' HTTP plumbing.
public enum FakeProviderError: Error, Sendable, Equatable {
    /// The server could not bind its loopback port.
    case bindFailed(String)
    /// A URL could not be parsed or is not `http://`.
    case invalidURL(String)
    /// The URL's host is not a loopback address (the fakes never contact anything else).
    case nonLoopbackHost(String)
    /// Connecting, writing or reading failed.
    case connectionFailed(String)
    /// No complete response arrived in time.
    case timedOut
    /// The peer answered with something that is not an HTTP/1.1 response.
    case protocolError(String)
    /// The referenced message is unknown to the fake provider.
    case unknownMessage(String)
}
