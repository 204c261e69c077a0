import NIOCore
import NIOHTTP1

/// One keep-alive HTTP/1.1 connection of an ``HTTP1ConnectionPool``: writes an exchange's pre-encoded bytes, reads
/// the response with an ``HTTP1ResponseParser`` (keeping a body excerpt and draining the rest), completes the
/// exchange and hands itself back to the pool.
///
/// The handler is the channel's only one: request bytes go straight to the socket, response bytes come straight from
/// it.
///
/// - Important: lives on its pool's event loop; every method is called there.
final class HTTP1ConnectionHandler: ChannelInboundHandler {
    /// Response bytes.
    typealias InboundIn = ByteBuffer
    /// The pre-encoded request.
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Not connected yet, or connected and waiting for an exchange.
        case idle
        /// Request written; no response head yet.
        case awaitingHead
        /// Head received; reading the body.
        case receivingBody
        /// Closed (or closing); never used again.
        case closed
    }

    /// The pool the connection belongs to.
    let pool: HTTP1ConnectionPool
    /// When the connection last finished an exchange (for the idle timeout).
    var lastUsed = NIODeadline.now()
    /// Whether the connection has been handed to the pool (connected and still open).
    var isUsable: Bool { state == .idle && context != nil }

    /// The exchange on the connection, if any.
    var currentExchange: HTTP1Exchange? { exchange }
    /// Completes when the connection's channel has closed (`nil` before it is connected).
    var closeFuture: EventLoopFuture<Void>? { context?.channel.closeFuture }

    private var context: ChannelHandlerContext?
    private var state = State.idle
    private var exchange: HTTP1Exchange?
    private var completedExchanges = 0
    private var parser = HTTP1ResponseParser()
    private var statusCode = 0
    private var headers = HTTPFields()
    private var keepAlive = true
    private var excerpt: [UInt8] = []
    private var bodyLength = 0

    /// Creates the handler of a new connection of `pool`.
    init(pool: HTTP1ConnectionPool) {
        self.pool = pool
    }

    /// Keeps the context for writes and closes.
    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// Drops the context.
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Sends `exchange` on this (idle, open) connection.
    func execute(_ exchange: HTTP1Exchange) {
        guard let context, state == .idle else {
            pool.retryOrFail(exchange, reusedConnection: false, error: TransportError(kind: .connectionReset, message: "connection closed"))
            return
        }
        self.exchange = exchange
        exchange.connection = self
        state = .awaitingHead
        parser.expectResponse(isHeadRequest: exchange.method == .HEAD)
        context.writeAndFlush(wrapOutboundOut(exchange.bytes), promise: nil)
    }

    /// Gives up on the current exchange (its timeout fired) and closes the connection.
    func abort(_ exchange: HTTP1Exchange, error: TransportError) {
        guard self.exchange === exchange else { return }
        self.exchange = nil
        exchange.complete(.failure(error))
        close()
    }

    /// Closes the connection (idle timeout, shutdown, or an unusable response).
    func close() {
        retire()
        context?.close(promise: nil)
    }

    /// Reads the response's parts as they arrive. Bytes that are not a valid response (or that come when no request
    /// is outstanding) fail the exchange and close the connection.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        do {
            while state != .closed, let part = try parser.next(&buffer) { handle(part) }
        } catch {
            // Response bytes arrived: such a request is never retried.
            fail(with: TransportError(kind: .other, message: "invalid HTTP response: \(error)"), responseStarted: true)
            context.close(promise: nil)
        }
    }

    /// Takes one part of the response: the head, body bytes into the excerpt, the end.
    private func handle(_ part: HTTP1ResponseParser.Part) {
        switch part {
        case .head(let head):
            guard state == .awaitingHead else { return }
            statusCode = head.status
            headers = HTTPFields(head.headers)
            keepAlive = head.keepAlive
            excerpt = []
            bodyLength = 0
            state = .receivingBody
        case .body(let buffer):
            guard state == .receivingBody, let exchange else { return }
            let wanted = min(exchange.excerptLimit - excerpt.count, buffer.readableBytes)
            if wanted > 0 {
                buffer.withUnsafeReadableBytes { excerpt.append(contentsOf: $0.prefix(wanted)) }
            }
            bodyLength += buffer.readableBytes
            if bodyLength > exchange.maximumBodyBytes {
                finish(exchange)
                close()
            }
        case .end:
            guard state == .receivingBody, let exchange else { return }
            finish(exchange)
            if keepAlive {
                state = .idle
                completedExchanges += 1
                lastUsed = .now()
                pool.release(self)
            } else {
                close()
            }
        }
    }

    /// Fails (or, for a socket error before any response byte, retries) the exchange and closes the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(with: HTTP1TransportErrors.transportError(from: error), responseStarted: state == .receivingBody || parser.hasResponseBytes)
        context.close(promise: nil)
    }

    /// Completes a response whose body ran until the close; else fails (or retries, see
    /// ``HTTP1ConnectionPool/retryOrFail(_:reusedConnection:error:)``) the exchange. Leaves the pool either way.
    func channelInactive(context: ChannelHandlerContext) {
        if state == .receivingBody, let end = parser.finishAtClose() {
            keepAlive = false
            handle(end)
        }
        fail(
            with: TransportError(kind: .connectionReset, message: "connection closed before the response was complete"),
            responseStarted: state == .receivingBody || parser.hasResponseBytes)
        context.fireChannelInactive()
    }

    /// Completes the exchange with the response read so far.
    private func finish(_ exchange: HTTP1Exchange) {
        self.exchange = nil
        exchange.complete(batchedBy: pool, .success(DeliveryResponse(
            statusCode: statusCode,
            headers: headers,
            bodyExcerpt: excerpt,
            bodyLength: bodyLength,
            latency: ContinuousClock.now - exchange.start,
            receivedAt: pool.wallClock()
        )))
        excerpt = []
        headers = HTTPFields()
    }

    /// Fails (or retries) the current exchange after the connection broke, and leaves the pool.
    private func fail(with error: TransportError, responseStarted: Bool) {
        let reused = completedExchanges > 0
        retire()
        guard let exchange else { return }
        self.exchange = nil
        if responseStarted {
            exchange.complete(.failure(error))
        } else {
            pool.retryOrFail(exchange, reusedConnection: reused, error: error)
        }
    }

    /// Marks the connection closed and tells the pool (once).
    private func retire() {
        guard state != .closed else { return }
        state = .closed
        pool.connectionClosed(self)
    }
}
