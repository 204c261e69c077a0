import HeraldEvents
import NIOCore
import NIOHTTP1
import NIOPosix

/// The keep-alive connections of a ``PooledHTTP1Transport`` to one `host:port` on one event loop (a host has
/// ``PooledHTTP1Transport/Configuration/eventLoopsPerHost`` such pools, which share
/// ``PooledHTTP1Transport/Configuration/maximumConnectionsPerHost``): at most `maximumConnections` of them, idle
/// ones reused last-in first-out, requests queued first-in first-out while every connection is busy.
///
/// - Important: every connection of the pool runs on the pool's ``eventLoop``, and all mutable state is read and
///   written only there (hence `@unchecked Sendable`); ``enqueue(_:)`` and ``shutdown()`` must be called there.
final class HTTP1ConnectionPool: @unchecked Sendable {
    /// The loop the pool and its connections run on.
    let eventLoop: any EventLoop
    /// Reads the wall-clock time stamped on responses.
    let wallClock: @Sendable () -> UTCTime
    private let host: String
    private let port: Int
    private let settings: PooledHTTP1Transport.Configuration
    private let maximumConnections: Int
    private let address: SocketAddress?

    private var idle: [HTTP1ConnectionHandler] = []
    private var open: [ObjectIdentifier: HTTP1ConnectionHandler] = [:]
    private var waiters = CircularBuffer<HTTP1Exchange>()
    private var connectionCount = 0
    private var connecting = 0
    private var isShutDown = false
    private var idleSweep: RepeatedTask?
    /// Exchanges being retried while their fresh connection is being opened.
    private var retrying: [HTTP1Exchange] = []
    /// One timer per pool, set to the earliest deadline of the exchanges it holds (cheaper than a timer per request).
    private var timeoutTimer: Scheduled<Void>?
    private var timeoutTimerDeadline: NIODeadline?
    /// Callers to resume once the loop has handled its current I/O, and the spare array swapped with it.
    private var resumptions: [(UnsafeContinuation<Result<DeliveryResponse, TransportError>, Never>, Result<DeliveryResponse, TransportError>)] = []
    private var resuming: [(UnsafeContinuation<Result<DeliveryResponse, TransportError>, Never>, Result<DeliveryResponse, TransportError>)] = []

    /// Creates the (empty) pool of `target`'s host and port, of at most `maximumConnections` connections.
    init(
        target: HTTP1Target, settings: PooledHTTP1Transport.Configuration, maximumConnections: Int, eventLoop: any EventLoop,
        wallClock: @escaping @Sendable () -> UTCTime
    ) {
        self.maximumConnections = max(1, maximumConnections)
        self.eventLoop = eventLoop
        self.wallClock = wallClock
        self.host = target.host
        self.port = target.port
        self.settings = settings
        self.address = try? SocketAddress(ipAddress: target.host, port: target.port)
    }

    /// Starts `exchange`'s timeout and sends it on an idle connection, or queues it (opening a connection if the
    /// limit allows).
    func enqueue(_ exchange: HTTP1Exchange) {
        eventLoop.assertInEventLoop()
        exchange.isEnqueued = true
        guard !isShutDown, !exchange.isCancelled else {
            exchange.fail(.connectionReset, isShutDown ? "the transport is shut down" : "request cancelled")
            return
        }
        armTimeoutTimer(at: exchange.deadline)
        while let connection = idle.popLast() {
            if connection.isUsable {
                connection.execute(exchange)
                return
            }
        }
        waiters.append(exchange)
        connectIfNeeded()
    }

    /// Resumes `continuation` with `result` in a batch after the loop's current I/O.
    func resumeSoon(_ continuation: UnsafeContinuation<Result<DeliveryResponse, TransportError>, Never>, with result: Result<DeliveryResponse, TransportError>) {
        resumptions.append((continuation, result))
        guard resumptions.count == 1 else { return }
        eventLoop.execute { [self] in
            swap(&resumptions, &resuming)
            for (continuation, result) in resuming { continuation.resume(returning: result) }
            resuming.removeAll(keepingCapacity: true)
        }
    }

    /// The caller of `exchange` was cancelled: fail it now (closing its connection if it is on one), or as soon as
    /// ``enqueue(_:)`` sees it.
    func cancel(_ exchange: HTTP1Exchange) {
        exchange.isCancelled = true
        guard exchange.isEnqueued, !exchange.isCompleted else { return }
        let error = TransportError(kind: .connectionReset, message: "request cancelled")
        if let connection = exchange.connection {
            connection.abort(exchange, error: error)
            return
        }
        if let index = waiters.firstIndex(where: { $0 === exchange }) { waiters.remove(at: index) }
        if let index = retrying.firstIndex(where: { $0 === exchange }) { retrying.remove(at: index) }
        exchange.complete(.failure(error))
    }

    /// A connection finished an exchange and can take another.
    func release(_ connection: HTTP1ConnectionHandler) {
        guard !isShutDown else {
            connection.close()
            return
        }
        if let next = waiters.popFirst() {
            connection.execute(next)
        } else {
            idle.append(connection)
        }
    }

    /// A connection closed (or is closing): it leaves the pool.
    func connectionClosed(_ connection: HTTP1ConnectionHandler) {
        guard open.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
        connectionCount -= 1
        if let index = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: index) }
        if connectionCount == 0 {
            idleSweep?.cancel()
            idleSweep = nil
        }
        connectIfNeeded()
    }

    /// An exchange's connection broke before any response byte arrived: a request on a reused connection (which
    /// the server may have closed while it was idle) is retried once on a fresh connection; others fail.
    func retryOrFail(_ exchange: HTTP1Exchange, reusedConnection: Bool, error: TransportError) {
        guard reusedConnection, !exchange.retried, !exchange.isCancelled, !isShutDown, !exchange.isCompleted else {
            exchange.complete(.failure(error))
            return
        }
        exchange.retried = true
        exchange.connection = nil
        if connectionCount < maximumConnections {
            retrying.append(exchange)
            connect(dedicatedTo: exchange)
        } else {
            waiters.prepend(exchange)
        }
    }

    /// Fails every queued exchange and closes every connection (in-flight exchanges fail as their connection
    /// closes); the future completes when all connections are closed.
    func shutdown() -> EventLoopFuture<Void> {
        isShutDown = true
        idleSweep?.cancel()
        idleSweep = nil
        timeoutTimer?.cancel()
        timeoutTimer = nil
        timeoutTimerDeadline = nil
        while let exchange = waiters.popFirst() { exchange.fail(.connectionReset, "the transport is shut down") }
        for exchange in retrying { exchange.fail(.connectionReset, "the transport is shut down") }
        retrying.removeAll()
        let connections = Array(open.values)
        let closed = connections.compactMap { $0.closeFuture }
        for connection in connections { connection.close() }
        return EventLoopFuture.andAllComplete(closed, on: eventLoop)
    }

    /// Makes sure the timeout timer fires no later than `deadline`.
    private func armTimeoutTimer(at deadline: NIODeadline) {
        if let armed = timeoutTimerDeadline, armed <= deadline { return }
        timeoutTimer?.cancel()
        timeoutTimerDeadline = deadline
        timeoutTimer = eventLoop.scheduleTask(deadline: deadline) { [self] in expireTimeouts() }
    }

    /// Fails every exchange past its deadline (queued, connecting or on a connection, whose connection is then
    /// closed) and re-arms the timer for the earliest remaining deadline.
    private func expireTimeouts() {
        timeoutTimer = nil
        timeoutTimerDeadline = nil
        let now = NIODeadline.now()
        var earliest: NIODeadline?
        func check(_ exchange: HTTP1Exchange, expire: (HTTP1Exchange) -> Void) {
            guard !exchange.isCompleted else { return }
            if exchange.deadline <= now {
                expire(exchange)
            } else if earliest.map({ exchange.deadline < $0 }) ?? true {
                earliest = exchange.deadline
            }
        }
        let error = TransportError(kind: .timeout, message: "no complete response within the request timeout")
        for exchange in waiters { check(exchange) { $0.complete(.failure(error)) } }
        waiters.removeAll { $0.isCompleted }
        for exchange in retrying { check(exchange) { $0.complete(.failure(error)) } }
        retrying.removeAll { $0.isCompleted }
        for connection in Array(open.values) {
            guard let exchange = connection.currentExchange else { continue }
            check(exchange) { connection.abort($0, error: error) }
        }
        if let earliest { armTimeoutTimer(at: earliest) }
    }

    /// Opens connections while more exchanges wait than connections are being opened, within the limit.
    private func connectIfNeeded() {
        while !isShutDown, connecting < waiters.count, connectionCount < maximumConnections {
            connect(dedicatedTo: nil)
        }
    }

    /// Opens a connection; once up it takes `dedicated` (a retry), else the oldest waiter, else goes idle. A failed
    /// connect fails `dedicated`, else the oldest waiter (the others get their own attempts).
    private func connect(dedicatedTo dedicated: HTTP1Exchange?) {
        connectionCount += 1
        connecting += 1
        let handler = HTTP1ConnectionHandler(pool: self)
        let bound = NIOLoopBound(handler, eventLoop: eventLoop)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.nanoseconds(UTCTime.nanoseconds(of: settings.connectTimeout)))
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(bound.value)
                }
            }
        let connected: EventLoopFuture<any Channel>
        if let address {
            connected = bootstrap.connect(to: address)
        } else {
            connected = bootstrap.connect(host: host, port: port)
        }
        connected.hop(to: eventLoop).whenComplete { [self] result in
            let handler = bound.value
            connecting -= 1
            if let dedicated, let index = retrying.firstIndex(where: { $0 === dedicated }) { retrying.remove(at: index) }
            switch result {
            case .success:
                open[ObjectIdentifier(handler)] = handler
                guard handler.isUsable, !isShutDown else {
                    connectionCount -= 1
                    open[ObjectIdentifier(handler)] = nil
                    handler.close()
                    dedicated?.fail(.connectionReset, isShutDown ? "the transport is shut down" : "connection closed at once")
                    connectIfNeeded()
                    return
                }
                startIdleSweep()
                if let dedicated, !dedicated.isCompleted {
                    handler.execute(dedicated)
                } else {
                    release(handler)
                }
            case .failure(let error):
                connectionCount -= 1
                let transportError = HTTP1TransportErrors.transportError(from: error)
                if let dedicated, !dedicated.isCompleted {
                    dedicated.complete(.failure(transportError))
                } else if let first = waiters.popFirst() {
                    first.complete(.failure(transportError))
                }
                connectIfNeeded()
            }
        }
    }

    /// Closes connections idle for longer than the idle timeout, checking a few times per timeout.
    private func startIdleSweep() {
        guard idleSweep == nil else { return }
        let nanoseconds = max(UTCTime.nanoseconds(of: settings.idleTimeout), 1_000_000)
        let interval = TimeAmount.nanoseconds(max(nanoseconds / 4, 1_000_000))
        idleSweep = eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] _ in
            let cutoff = NIODeadline.now() - .nanoseconds(nanoseconds)
            for connection in idle where connection.lastUsed < cutoff { connection.close() }
        }
    }
}
