import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server on 127.0.0.1 for integration tests: it records every request and answers
/// each one as told (a status, a hang, or a dropped connection), from a queue of scripted actions and
/// then a default handler.
///
/// Start it with ``start(handler:)`` and always ``shutdown()`` it at the end of the test.
public final class TestHTTPServer: Sendable {
    /// What to do with one request.
    public enum Action: Sendable {
        /// Answer with this status, headers and body.
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Answer as `respond` after waiting `delay`.
        case respondAfter(delay: Duration, status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Never answer (the connection stays open until the client gives up or the server stops).
        case hang
        /// Close the connection without answering.
        case dropConnection

        /// `200 OK` with an empty body.
        public static let ok = Action.respond(status: 200)

        /// A response with a UTF-8 text body.
        public static func respond(status: Int, headers: [(String, String)] = [], text: String) -> Action {
            .respond(status: status, headers: headers, body: Array(text.utf8))
        }
    }

    /// A request as received.
    public struct RecordedRequest: Sendable {
        /// The method, e.g. `POST`.
        public let method: String
        /// The request target as sent (path and query).
        public let uri: String
        /// The headers in order.
        public let headers: [(name: String, value: String)]
        /// The body.
        public let body: [UInt8]
        /// Which accepted connection carried it (1, 2, …): equal ids mean the connection was reused.
        public let connectionID: Int
        /// When the request's head arrived.
        public let receivedAt: ContinuousClock.Instant

        /// The path without the query.
        public var path: String { String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }

        /// The query string (without `?`), or `nil`.
        public var query: String? {
            let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count > 1 ? String(parts[1]) : nil
        }

        /// The first value of a header (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body as UTF-8 text.
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    private struct State {
        var requests: [RecordedRequest] = []
        var scripted: [Action] = []
        var connections = 0
        var handler: @Sendable (RecordedRequest) -> Action
    }

    private let state: NIOLockedValueBox<State>
    private let group: MultiThreadedEventLoopGroup
    private let channel: NIOLockedValueBox<(any Channel)?>
    /// The port the server listens on.
    public let port: Int

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(state: NIOLockedValueBox<State>, group: MultiThreadedEventLoopGroup, channel: any Channel, port: Int) {
        self.state = state
        self.group = group
        self.channel = NIOLockedValueBox(channel)
        self.port = port
    }

    /// Starts a server on 127.0.0.1 with an ephemeral port.
    ///
    /// - Parameter handler: the answer to requests not covered by ``enqueue(_:)`` (default `200 OK`).
    public static func start(handler: @escaping @Sendable (RecordedRequest) -> Action = { _ in .ok }) async throws -> TestHTTPServer {
        let state = NIOLockedValueBox(State(handler: handler))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    let id = state.withLockedValue { state -> Int in
                        state.connections += 1
                        return state.connections
                    }
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(RecordingHandler(connectionID: id, state: state))
                    }
                }
                .bind(host: "127.0.0.1", port: 0)
                .get()
            guard let port = channel.localAddress?.port else {
                try? await channel.close()
                throw ChannelError.unknownLocalAddress
            }
            return TestHTTPServer(state: state, group: group, channel: channel, port: port)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Queues actions answered, in order, before the default handler is used again.
    public func enqueue(_ actions: [Action]) {
        state.withLockedValue { $0.scripted.append(contentsOf: actions) }
    }

    /// Replaces the default handler.
    public func setHandler(_ handler: @escaping @Sendable (RecordedRequest) -> Action) {
        state.withLockedValue { $0.handler = handler }
    }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { state.withLockedValue { $0.requests } }

    /// How many connections were accepted so far.
    public var connectionCount: Int { state.withLockedValue { $0.connections } }

    /// Stops listening, closes every connection and releases the event loop thread.
    public func shutdown() async throws {
        let channel = self.channel.withLockedValue { channel -> (any Channel)? in
            defer { channel = nil }
            return channel
        }
        try? await channel?.close()
        try await group.shutdownGracefully()
    }

    private static func nextAction(for request: RecordedRequest, state: NIOLockedValueBox<State>) -> Action {
        state.withLockedValue { state in
            state.requests.append(request)
            if !state.scripted.isEmpty { return state.scripted.removeFirst() }
            return state.handler(request)
        }
    }

    /// Records one request at a time and answers it.
    private final class RecordingHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let connectionID: Int
        private let state: NIOLockedValueBox<State>
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []
        private var receivedAt = ContinuousClock.now

        init(connectionID: Int, state: NIOLockedValueBox<State>) {
            self.connectionID = connectionID
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                self.body = []
                self.receivedAt = .now
            case .body(var buffer):
                body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            case .end:
                guard let head else { return }
                let request = RecordedRequest(
                    method: head.method.rawValue,
                    uri: head.uri,
                    headers: head.headers.map { (name: $0.name, value: $0.value) },
                    body: body,
                    connectionID: connectionID,
                    receivedAt: receivedAt
                )
                let action = TestHTTPServer.nextAction(for: request, state: state)
                perform(action, keepAlive: head.isKeepAlive, version: head.version, context: context)
            }
        }

        private func perform(_ action: Action, keepAlive: Bool, version: HTTPVersion, context: ChannelHandlerContext) {
            switch action {
            case .respond(let status, let headers, let body):
                write(status: status, headers: headers, body: body, keepAlive: keepAlive, version: version, context: context)
            case .respondAfter(let delay, let status, let headers, let body):
                let nanoseconds = UTCTimeNanoseconds.of(delay)
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                    handler.value.write(status: status, headers: headers, body: body, keepAlive: keepAlive, version: version, context: loopBound.value)
                }
            case .hang:
                break
            case .dropConnection:
                context.close(promise: nil)
            }
        }

        private func write(status: Int, headers: [(String, String)], body: [UInt8], keepAlive: Bool, version: HTTPVersion, context: ChannelHandlerContext) {
            guard context.channel.isActive else { return }
            var fields = HTTPHeaders(headers)
            fields.replaceOrAdd(name: "Content-Length", value: String(body.count))
            if !keepAlive { fields.replaceOrAdd(name: "Connection", value: "close") }
            let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: fields)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            }
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let channel = context.channel
                done.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}

/// Converts a `Duration` to nanoseconds for NIO timers.
enum UTCTimeNanoseconds {
    static func of(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
