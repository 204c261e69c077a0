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
/// - Important: the handler must give exactly one response per request, in the same order, and only once every
///   accepted request is durable: the socket acknowledges what the handler returns. Calls for one connection come in
///   arrival order, possibly before earlier calls completed (a pipelining producer): the handler must start storing
///   each call's requests before it returns, so one connection's events are stored in the order they were sent.
public protocol IngestHandler: Sendable {
    /// Handles a batch of requests that arrived together on one connection: `completion` gets one response line per
    /// request (without the newline), in the same order, exactly once, on any thread; it is quick and never blocks.
    /// The application's handler answers straight from the log writer's commit, so an ack costs no hop through
    /// Swift's concurrency pool.
    /// - Parameter requests: the requests, in arrival order (never empty).
    func handle(_ requests: [IngestRequest], completion: @escaping @Sendable ([[UInt8]]) -> Void)

    /// The same, told whether the connection's producer pipelines (it has had more than one request in flight, so it
    /// does not wait for each answer before sending more): a hint for how the answers' durability may be batched. The
    /// default ignores it.
    func handle(_ requests: [IngestRequest], producerPipelines: Bool, completion: @escaping @Sendable ([[UInt8]]) -> Void)
}

extension IngestHandler {
    public func handle(_ requests: [IngestRequest], producerPipelines: Bool, completion: @escaping @Sendable ([[UInt8]]) -> Void) {
        handle(requests, completion: completion)
    }

    /// The same, awaiting the responses.
    public func handle(_ requests: [IngestRequest]) async -> [[UInt8]] {
        await withUnsafeContinuation { continuation in
            handle(requests) { continuation.resume(returning: $0) }
        }
    }
}
