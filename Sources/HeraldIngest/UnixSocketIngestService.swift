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
/// Each connection is served by its own child task: the framer hands over every complete line that arrived together,
/// the handler appends them (through the event log's group commit), and the responses are written back in order with
/// one flush. A connection's errors never affect another connection or the service.
///
/// On graceful shutdown the listener closes first (no new producers), then each connection stops reading; a batch
/// already handed to the handler is still answered.
public struct UnixSocketIngestService: Service {
    private let configuration: IngestConfiguration
    private let handler: any IngestHandler
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onListening: @Sendable () -> Void

    /// - Parameters:
    ///   - configuration: socket path, frame limit and socket mode.
    ///   - handler: validates and durably appends requests; answers one line per request.
    ///   - eventLoopGroup: the NIO event loops to run connections on.
    ///   - logger: connection-level errors are logged here.
    ///   - onListening: called once the socket is bound and its mode set.
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
        let server = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .bind(unixDomainSocketPath: configuration.socketPath, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maximumLineLength: maximumLineLength))
                    )
                    return try NIOAsyncChannel<[IngestRequest], ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        guard chmod(configuration.socketPath, mode_t(configuration.socketMode)) == 0 else {
            try? await server.channel.close()
            throw IngestError.socketPermissions(path: configuration.socketPath, errno: errno)
        }
        onListening()
        logger.debug("ingest socket listening", metadata: ["path": "\(configuration.socketPath)"])

        let connections = ConnectionRegistry()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        let id = connections.add(connection.channel)
                        group.addTask {
                            await serve(connection)
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

    private func serve(_ connection: NIOAsyncChannel<[IngestRequest], ByteBuffer>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await requests in inbound {
                    let responses = await handler.handle(requests)
                    var out = connection.channel.allocator.buffer(capacity: responses.reduce(0) { $0 + $1.count + 1 })
                    for line in responses {
                        out.writeBytes(line)
                        out.writeInteger(UInt8(ascii: "\n"))
                    }
                    try await outbound.write(out)
                }
            }
        } catch {
            logger.debug("ingest connection closed with error", metadata: ["error": "\(error)"])
        }
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
            // Stop reading; the batch in hand is still answered, then executeThenClose closes the channel.
            channel.close(mode: .input).whenFailure { _ in channel.close(promise: nil) }
        }
    }
}
