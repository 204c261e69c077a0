/// Why an admin API call from the CLI failed.
public enum AdminClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The endpoint is not an `http://host:port` URL.
    case invalidEndpoint(String)
    /// The request could not be sent or the response not read (server down, timeout).
    case transport(String)
    /// The server answered with an error status.
    case server(status: Int, code: String, message: String)
    /// The server's answer is not the expected JSON.
    case invalidResponse(String)

    /// A one-line explanation for the terminal.
    public var description: String {
        switch self {
        case .invalidEndpoint(let text): "invalid endpoint '\(text)': expected http://HOST:PORT"
        case .transport(let text): "cannot reach the Herald admin API: \(text)"
        case .server(let status, let code, let message): "server answered \(status) \(code): \(message)"
        case .invalidResponse(let text): "unexpected response: \(text)"
        }
    }
}
