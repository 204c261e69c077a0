import HeraldEvents
import NIOCore
import NIOHTTP1
import Synchronization

/// A lean ``DeliveryTransport`` for plain `http://` targets, directly on SwiftNIO: a keep-alive HTTP/1.1 connection
/// pool per `host:port`, requests encoded into one buffer and written straight to the socket, responses read by an
/// ``HTTP1ResponseParser`` on the connection's event loop, and one continuation per request (no per-request task or
/// `AsyncSequence`).
///
/// - `https://` URLs, and anything else it does not handle (user info, IPv6 literals), go to the `fallback`
///   transport (normally an ``AsyncHTTPClientTransport``), so this is a drop-in replacement.
/// - Each pool opens at most ``Configuration/maximumConnectionsPerHost`` connections; requests wait first-in
///   first-out when all are busy; idle connections are reused last-in first-out and closed after
///   ``Configuration/idleTimeout``, on `Connection: close`, or on an error.
/// - The request's ``DeliveryRequest/timeout`` (else ``Configuration/timeout``) covers queueing, connecting and the
///   exchange (``TransportError/Kind/timeout``); connecting alone is bounded by ``Configuration/connectTimeout``
///   (``TransportError/Kind/connectTimeout``).
/// - A request whose reused keep-alive connection turns out to be closed by the server before any response byte
///   arrived is retried once on a fresh connection; never after response bytes arrived.
/// - Response bodies are read to the end: the first ``Configuration/bodyExcerptLimit`` bytes (or the request's
///   ``DeliveryRequest/responseBodyLimit``) are kept; a body beyond ``Configuration/maximumBodyBytes`` is cut short
///   and its connection closed.
///
/// - Cancelling the calling task fails its request at once (``TransportError/Kind/connectionReset``; a request
///   already written closes its connection).
///
/// - Important: the event loop group is owned by the caller and must outlive the transport; call ``shutdown()``
///   before shutting the group down.
public final class PooledHTTP1Transport: DeliveryTransport {
    private struct PoolKey: Hashable {
        var host: String
        var port: Int
    }

    private struct State {
        var pools: [PoolKey: [HTTP1ConnectionPool]] = [:]
        /// URLs parsed before, with their host's pools (a target sends to the same URL again and again). Bounded by
        /// ``routeCacheLimit``; emptied when full.
        var routes: [String: Route] = [:]
        var turn = 0
        var isShutDown = false
    }

    /// A parsed URL and the pools of its host.
    private struct Route {
        var target: HTTP1Target
        var shards: [HTTP1ConnectionPool]
    }

    /// Most URLs remembered with their route.
    private static let routeCacheLimit = 4_096

    private let configuration: Configuration
    private let fallback: any DeliveryTransport
    private let eventLoopGroup: any EventLoopGroup
    private let wallClock: @Sendable () -> UTCTime
    private let allocator = ByteBufferAllocator()
    private let state = Mutex(State())

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - configuration: pool size, timeouts and body limits.
    ///   - fallback: the transport for URLs this one does not handle (`https://`); not shut down by ``shutdown()``.
    ///   - eventLoopGroup: the loops connections run on (each `host:port` pool stays on one loop); owned by the caller.
    ///   - wallClock: reads the UTC time stamped on responses (injected for tests).
    public init(
        configuration: Configuration = Configuration(),
        fallback: any DeliveryTransport,
        eventLoopGroup: any EventLoopGroup,
        wallClock: @escaping @Sendable () -> UTCTime = { UTCTime.now }
    ) {
        self.configuration = configuration
        self.fallback = fallback
        self.eventLoopGroup = eventLoopGroup
        self.wallClock = wallClock
    }

    /// Sends the request and reads the whole response; see ``DeliveryTransport``.
    public func send(_ request: DeliveryRequest) async -> Result<DeliveryResponse, TransportError> {
        let route: (target: HTTP1Target, pool: HTTP1ConnectionPool)
        switch self.route(for: request.url) {
        case .unhandled: return await fallback.send(request)
        case .shutDown: return .failure(TransportError(kind: .connectionReset, message: "the transport is shut down"))
        case .pool(let target, let pool): route = (target, pool)
        }
        let (target, pool) = route
        let start = ContinuousClock.now
        guard let bytes = HTTP1RequestEncoding.encode(request, target: target, allocator: allocator) else {
            return .failure(TransportError(kind: .invalidRequest, message: "the method or a header cannot be sent in HTTP/1.1"))
        }
        let timeout = request.timeout ?? configuration.timeout
        let deadline = NIODeadline.now() + .nanoseconds(UTCTime.nanoseconds(of: timeout))
        let excerptLimit = max(0, request.responseBodyLimit ?? configuration.bodyExcerptLimit)
        let maximumBodyBytes = configuration.maximumBodyBytes
        let method = HTTPMethod(rawValue: request.method)
        let exchange = HTTP1Exchange(
            bytes: bytes, method: method, excerptLimit: excerptLimit, maximumBodyBytes: maximumBodyBytes, start: start, deadline: deadline)
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                exchange.continuation = continuation
                if pool.eventLoop.inEventLoop {
                    pool.enqueue(exchange)
                } else {
                    pool.eventLoop.execute { pool.enqueue(exchange) }
                }
            }
        } onCancel: {
            pool.eventLoop.execute { pool.cancel(exchange) }
        }
    }

    /// Closes every connection, fails queued and in-flight requests (``TransportError/Kind/connectionReset``) and
    /// refuses new `http://` requests; returns once every connection is closed. The fallback is left running.
    public func shutdown() async {
        let pools = state.withLock { state -> [HTTP1ConnectionPool] in
            state.isShutDown = true
            return state.pools.values.flatMap { $0 }
        }
        for pool in pools {
            let closed = pool.eventLoop.flatSubmit { pool.shutdown() }
            try? await closed.get()
        }
    }

    /// How many `host:port` pools exist (for tests and diagnostics; a host counts once however many loops it uses).
    public var poolCount: Int { state.withLock { $0.pools.count } }

    /// Where a URL's request goes.
    private enum RouteLookup {
        /// Not a URL this transport handles: the fallback's.
        case unhandled
        case shutDown
        /// The parsed URL and the pool (of its host's shards, taken in turn) to send on.
        case pool(HTTP1Target, HTTP1ConnectionPool)
    }

    /// The parsed `url` and a pool of its host (created on first use), parsing each URL once.
    private func route(for url: String) -> RouteLookup {
        let cached = state.withLock { state -> RouteLookup? in
            guard !state.isShutDown else { return .shutDown }
            guard let route = state.routes[url] else { return nil }
            return .pool(route.target, Self.take(route.shards, turn: &state.turn))
        }
        if let cached { return cached }
        guard let target = HTTP1Target(url: url) else { return .unhandled }
        return state.withLock { state in
            guard !state.isShutDown else { return .shutDown }
            let key = PoolKey(host: target.host, port: target.port)
            let shards = state.pools[key] ?? makeShards(for: target)
            state.pools[key] = shards
            if state.routes.count >= Self.routeCacheLimit { state.routes.removeAll(keepingCapacity: true) }
            state.routes[url] = Route(target: target, shards: shards)
            return .pool(target, Self.take(shards, turn: &state.turn))
        }
    }

    /// The next of `shards` in turn.
    private static func take(_ shards: [HTTP1ConnectionPool], turn: inout Int) -> HTTP1ConnectionPool {
        guard shards.count > 1 else { return shards[0] }
        turn &+= 1
        return shards[Int(UInt(bitPattern: turn) % UInt(shards.count))]
    }

    /// A new host's pools: one per loop, sharing the host's connection limit.
    private func makeShards(for target: HTTP1Target) -> [HTTP1ConnectionPool] {
        let count = configuration.eventLoopsPerHost
        return (0..<count).map { index in
            let share = configuration.maximumConnectionsPerHost / count + (index < configuration.maximumConnectionsPerHost % count ? 1 : 0)
            return HTTP1ConnectionPool(
                target: target, settings: configuration, maximumConnections: share, eventLoop: eventLoopGroup.next(), wallClock: wallClock)
        }
    }
}
