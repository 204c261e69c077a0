import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP/1.1 server for ``PooledHTTP1Transport`` tests that answers with raw bytes (so tests control
/// chunking, `Connection: close` and malformed or cut-off responses), hangs or drops the connection on command,
/// can close connections that stay idle, and counts connections.
final class ScriptedHTTPServer: Sendable {
    /// What to do with one request.
    enum Reply: Sendable {
        /// Write these bytes; then close the connection if `close`.
        case bytes([UInt8], close: Bool = false)
        /// Never answer.
        case hang
        /// Close the connection without answering.
        case drop
        /// Do `reply` after `delay`.
        indirect case after(Duration, Reply)
    }

    /// A request as received.
    struct Seen: Sendable {
        var method: String
        var uri: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// 1, 2, … per accepted connection.
        var connectionID: Int
        /// 1 for the first request on its connection, 2 for the second, …
        var indexOnConnection: Int

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    private struct State {
        var requests: [Seen] = []
        var accepted = 0
        var open = 0
        var peakOpen = 0
        var closed = 0
    }

    private let state = NIOLockedValueBox(State())
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)
    private let handler: @Sendable (Seen) -> Reply
    private let idleClose: Duration?
    private let portBox = NIOLockedValueBox(0)

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The listening port.
    var port: Int { portBox.withLockedValue { $0 } }
    /// Every request so far, in arrival order.
    var requests: [Seen] { state.withLockedValue { $0.requests } }
    /// Connections accepted so far.
    var connectionCount: Int { state.withLockedValue { $0.accepted } }
    /// The most connections open at the same time.
    var peakOpenConnections: Int { state.withLockedValue { $0.peakOpen } }
    /// Connections closed so far (by either side).
    var closedConnections: Int { state.withLockedValue { $0.closed } }

    private init(idleClose: Duration?, handler: @escaping @Sendable (Seen) -> Reply) {
        self.idleClose = idleClose
        self.handler = handler
    }

    /// Starts a server on an ephemeral port of 127.0.0.1.
    ///
    /// - Parameters:
    ///   - idleClose: close a connection that has no request for this long after its last response.
    ///   - handler: the reply to each request.
    static func start(idleClose: Duration? = nil, handler: @escaping @Sendable (Seen) -> Reply) async throws -> ScriptedHTTPServer {
        let server = ScriptedHTTPServer(idleClose: idleClose, handler: handler)
        do {
            let channel = try await ServerBootstrap(group: server.group)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(ChannelOptions.backlog, value: 512)
                .childChannelInitializer { channel in
                    let id = server.state.withLockedValue { state -> Int in
                        state.accepted += 1
                        state.open += 1
                        state.peakOpen = max(state.peakOpen, state.open)
                        return state.accepted
                    }
                    channel.closeFuture.whenComplete { _ in
                        server.state.withLockedValue { state in
                            state.open -= 1
                            state.closed += 1
                        }
                    }
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
                        try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: server, connectionID: id))
                    }
                }
                .bind(host: "127.0.0.1", port: 0)
                .get()
            server.channel.withLockedValue { $0 = channel }
            server.portBox.withLockedValue { $0 = channel.localAddress?.port ?? 0 }
            return server
        } catch {
            try? await server.group.shutdownGracefully()
            throw error
        }
    }

    /// Stops listening, closes every connection and stops the server's thread.
    func shutdown() async {
        let channel = self.channel.withLockedValue { channel -> (any Channel)? in
            defer { channel = nil }
            return channel
        }
        try? await channel?.close()
        try? await group.shutdownGracefully()
    }

    /// A complete response: `Content-Length` framing, or chunked in `chunks` pieces.
    static func response(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], chunks: Int? = nil) -> [UInt8] {
        var text = "HTTP/1.1 \(status) Status\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        guard let chunks else {
            text += "Content-Length: \(body.count)\r\n\r\n"
            return Array(text.utf8) + body
        }
        text += "Transfer-Encoding: chunked\r\n\r\n"
        var bytes = Array(text.utf8)
        let size = max(1, (body.count + chunks - 1) / max(1, chunks))
        var offset = 0
        while offset < body.count {
            let piece = body[offset..<min(body.count, offset + size)]
            bytes += Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Array("\r\n".utf8)
            offset += piece.count
        }
        return bytes + Array("0\r\n\r\n".utf8)
    }

    /// `200` with a text body.
    static func ok(_ text: String = "ok") -> Reply { .bytes(response(body: Array(text.utf8))) }

    private func record(_ seen: Seen) -> Reply {
        state.withLockedValue { $0.requests.append(seen) }
        return handler(seen)
    }

    private final class ConnectionHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = ByteBuffer

        private let server: ScriptedHTTPServer
        private let connectionID: Int
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []
        private var count = 0
        private var idleTimer: Scheduled<Void>?

        init(server: ScriptedHTTPServer, connectionID: Int) {
            self.server = server
            self.connectionID = connectionID
        }

        func channelActive(context: ChannelHandlerContext) {
            armIdleTimer(context: context)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                idleTimer?.cancel()
                self.head = head
                body = []
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                guard let head else { return }
                count += 1
                let seen = Seen(
                    method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body,
                    connectionID: connectionID, indexOnConnection: count)
                perform(server.record(seen), context: context)
            }
        }

        private func perform(_ reply: Reply, context: ChannelHandlerContext) {
            switch reply {
            case .bytes(let bytes, let close):
                let done = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)))
                if close {
                    let channel = context.channel
                    done.whenComplete { _ in channel.close(promise: nil) }
                } else {
                    armIdleTimer(context: context)
                }
            case .hang:
                break
            case .drop:
                context.close(promise: nil)
            case .after(let delay, let next):
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                let nanoseconds = Int64(delay.components.seconds) * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
                context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                    let (handler, context) = bound.value
                    guard context.channel.isActive else { return }
                    handler.perform(next, context: context)
                }
            }
        }

        private func armIdleTimer(context: ChannelHandlerContext) {
            guard let idleClose = server.idleClose else { return }
            idleTimer?.cancel()
            let channel = context.channel
            let nanoseconds = Int64(idleClose.components.seconds) * 1_000_000_000 + idleClose.components.attoseconds / 1_000_000_000
            idleTimer = context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { channel.close(promise: nil) }
        }
    }
}
