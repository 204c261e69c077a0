import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Accepts producers on a Unix socket and answers every request line after the handler made it durable.
///
/// Each connection is served on its event loop by an ``IngestConnectionHandler``: the framer hands over every
/// complete line that arrived together, the handler appends them (through the event log's group commit), and the
/// answers are written back in order with one flush — without a task hop between the socket and the commit. A
/// connection's errors never affect another connection or the service.
///
/// On graceful shutdown the listener closes first (no new producers), then each connection stops reading; what was
/// already read is still answered before the connection closes, and ``run()`` returns once every connection has.
public struct UnixSocketIngestService: Service {
    private let configuration: IngestConfiguration
    private let handler: any IngestHandler
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onListening: @Sendable () -> Void

    public init(
        configuration: IngestConfiguration,
        handler: any IngestHandler,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        onListening: @escaping @Sendable () -> Void = {}
    ) {
        self.configuration = configuration
        self.handler = handler
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let maximumLineLength = configuration.maximumLineLength
        let handler = self.handler
        let connections = ChannelRegistry()
        // A stale file left by a crash is replaced; a live socket (another server) is not taken over.
        if Self.isListening(configuration.socketPath) { throw IngestError.socketInUse(path: configuration.socketPath) }
        let server = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            // A producer that shuts down its sending side still gets the answers to what it sent.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            // Answers the producer has not read wait in the channel up to this much; past it the connection stops
            // reading requests until they drain (IngestConnectionHandler), so memory stays bounded.
            .childChannelOption(
                .writeBufferWaterMark,
                value: .init(low: configuration.maximumUnreadAnswerBytes / 2, high: configuration.maximumUnreadAnswerBytes))
            .bind(unixDomainSocketPath: configuration.socketPath, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture { () -> Void in
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(LineFrameDecoder(maximumLineLength: maximumLineLength)),
                        IngestConnectionHandler(handler: handler)
                    )
                    // Registered as it is accepted, so shutdown can never miss a connection; one accepted after
                    // shutdown began is closed before anything is read from it.
                    if !connections.add(channel) { channel.close(promise: nil) }
                }
            }
        guard chmod(configuration.socketPath, mode_t(configuration.socketMode)) == 0 else {
            try? await server.channel.close()
            throw IngestError.socketPermissions(path: configuration.socketPath, errno: errno)
        }
        onListening()
        logger.debug("ingest socket listening", metadata: ["path": "\(configuration.socketPath)"])

        try await withGracefulShutdownHandler {
            // Connections are served by their handlers; this only drains the accept stream until the listener closes.
            try await server.executeThenClose { inbound in
                for try await _ in inbound {}
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            connections.stopReadingAll()
        }
        // Each connection closes once it has answered what it read.
        await connections.waitUntilAllClosed()
        unlink(configuration.socketPath)
    }
}

extension UnixSocketIngestService {
    /// Whether a process accepts connections on the Unix socket at `path`.
    static func isListening(_ path: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return connected == 0
    }
}

extension ChannelRegistry {
    /// Stops reading from every producer connection (and refuses new ones): what was read is still answered, then
    /// each connection handler closes its channel.
    func stopReadingAll() {
        for channel in stop() {
            channel.eventLoop.execute {
                guard channel.isActive else {
                    // Accepted but not registered with its event loop yet: nothing was read from it, so it is simply
                    // closed. (Half-closing it now trips NIO's registration assertion in debug builds: a CI crash.)
                    channel.close(promise: nil)
                    return
                }
                channel.close(mode: .input).whenFailure { _ in channel.close(promise: nil) }
            }
        }
    }
}
