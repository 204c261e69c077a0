import HeraldEvents
import NIOCore
import NIOHTTP1

/// One request's life in a ``PooledHTTP1Transport``: queued in its pool, then on a connection, then completed
/// exactly once (response, error or timeout), which resumes the caller's continuation.
///
/// - Important: created on the caller's thread and then handed to the pool's event loop; after the hand-off
///   every mutable property is read and written only on that event loop (hence `@unchecked Sendable`).
final class HTTP1Exchange: @unchecked Sendable {
    /// The whole encoded request (head and body).
    let bytes: ByteBuffer
    /// The method (the response decoder needs it to know that a `HEAD` response has no body).
    let method: HTTPMethod
    /// How many body bytes the response keeps.
    let excerptLimit: Int
    /// The most body bytes read before the response is cut short and its connection closed.
    let maximumBodyBytes: Int
    /// When ``PooledHTTP1Transport/send(_:)`` was called (the response's latency is measured from here).
    let start: ContinuousClock.Instant
    /// When the request times out (queueing, connecting and the exchange itself all count).
    let deadline: NIODeadline
    /// Whether this exchange was already retried once on a fresh connection (never twice).
    var retried = false
    /// The connection carrying the exchange, while it is on one.
    var connection: HTTP1ConnectionHandler?

    /// Whether the pool has taken the exchange (only then may a cancellation complete it).
    var isEnqueued = false
    /// Whether the caller's task was cancelled (seen on the event loop; the pool fails the exchange).
    var isCancelled = false
    /// The caller's continuation: set by the caller before the exchange is handed to the pool's event loop, then
    /// consumed there.
    var continuation: UnsafeContinuation<Result<DeliveryResponse, TransportError>, Never>?

    /// Creates an exchange; its ``continuation`` is set before it is handed to the pool.
    init(bytes: ByteBuffer, method: HTTPMethod, excerptLimit: Int, maximumBodyBytes: Int, start: ContinuousClock.Instant, deadline: NIODeadline) {
        self.bytes = bytes
        self.method = method
        self.excerptLimit = excerptLimit
        self.maximumBodyBytes = maximumBodyBytes
        self.start = start
        self.deadline = deadline
    }

    /// Whether the caller already has its result.
    var isCompleted: Bool { continuation == nil }

    /// Hands `result` to the caller (only the first call counts).
    func complete(_ result: Result<DeliveryResponse, TransportError>) {
        guard let continuation else { return }
        self.continuation = nil
        connection = nil
        continuation.resume(returning: result)
    }

    /// Hands `result` to the caller (only the first call counts) through `pool`'s batch of resumptions, which
    /// runs once the event loop has handled its current I/O (so many callers are woken back to back).
    func complete(batchedBy pool: HTTP1ConnectionPool, _ result: Result<DeliveryResponse, TransportError>) {
        guard let continuation else { return }
        self.continuation = nil
        connection = nil
        pool.resumeSoon(continuation, with: result)
    }

    /// Fails the exchange with a transport error.
    func fail(_ kind: TransportError.Kind, _ message: String) {
        complete(.failure(TransportError(kind: kind, message: message)))
    }
}
