import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

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
        let server = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            // A producer that shuts down its sending side still gets the answers to what it sent.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(unixDomainSocketPath: configuration.socketPath, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture { () -> any Channel in
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(LineFrameDecoder(maximumLineLength: maximumLineLength)),
                        IngestConnectionHandler(handler: handler)
                    )
                    return channel
                }
            }
        guard chmod(configuration.socketPath, mode_t(configuration.socketMode)) == 0 else {
            try? await server.channel.close()
            throw IngestError.socketPermissions(path: configuration.socketPath, errno: errno)
        }
        onListening()
        logger.debug("ingest socket listening", metadata: ["path": "\(configuration.socketPath)"])

        let connections = ConnectionRegistry()
        let logger = self.logger
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await channel in inbound {
                        let id = connections.add(channel)
                        group.addTask {
                            do {
                                try await channel.closeFuture.get()
                            } catch {
                                logger.debug("ingest connection closed with error", metadata: ["error": "\(error)"])
                            }
                            connections.remove(id)
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            connections.stopReadingAll()
        }
        unlink(configuration.socketPath)
    }
}

/// The open producer connections, so graceful shutdown can stop their reads.
private final class ConnectionRegistry: Sendable {
    private let state = Mutex<(next: Int, channels: [Int: any Channel])>((0, [:]))

    func add(_ channel: any Channel) -> Int {
        state.withLock { state in
            state.next += 1
            state.channels[state.next] = channel
            return state.next
        }
    }

    func remove(_ id: Int) {
        _ = state.withLock { $0.channels.removeValue(forKey: id) }
    }

    func stopReadingAll() {
        let channels = state.withLock { Array($0.channels.values) }
        for channel in channels {
            // Stop reading; what was read is still answered, then the connection handler closes the channel.
            channel.close(mode: .input).whenFailure { _ in channel.close(promise: nil) }
        }
    }
}
