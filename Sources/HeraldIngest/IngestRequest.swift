/// One framed request read from a producer connection.
///
/// The socket protocol is newline-delimited: each line is one request. A line longer than the configured limit is
/// not buffered; it is reported as ``tooLarge(byteCount:)`` so the handler can answer it with an error line, and the
/// connection stays usable.
public enum IngestRequest: Sendable, Equatable {
    /// A complete request line, without its terminating newline (a trailing `\r` is removed too).
    case line([UInt8])
    /// A line that exceeded the frame limit; `byteCount` is how many bytes it had (at least the limit).
    case tooLarge(byteCount: Int)
}

/// Turns framed requests into response lines. Implemented by the application (validation, durable append).
///
/// - Important: the handler must return exactly one response per request, in the same order, and must only
///   return once every accepted request is durable: the socket acknowledges what the handler returns.
public protocol IngestHandler: Sendable {
    /// Handles a batch of requests that arrived together on one connection.
    /// - Parameter requests: the requests, in arrival order (never empty).
    /// - Returns: one response line per request (without the newline), in the same order.
    func handle(_ requests: [IngestRequest]) async -> [[UInt8]]

    /// The same without a task, as the socket calls it: `completion` gets the response lines exactly once, on any
    /// thread; it is quick and never blocks. The default runs ``handle(_:)`` in a task; the application's handler
    /// answers straight from the log writer's commit, so an ack costs no hop through Swift's concurrency pool.
    func handle(_ requests: [IngestRequest], completion: @escaping @Sendable ([[UInt8]]) -> Void)
}

extension IngestHandler {
    public func handle(_ requests: [IngestRequest], completion: @escaping @Sendable ([[UInt8]]) -> Void) {
        Task { completion(await handle(requests)) }
    }
}
