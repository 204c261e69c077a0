import HeraldChannels
public import NIOCore
import NIOHTTP1
public import NIOPosix

/// A small HTTP/1.1 server bound to `127.0.0.1` on an ephemeral port, answering every request synchronously through
/// a responder closure. The fake providers are built on it; tests also use it as a tiny receipt sink.
///
/// - Important: Call ``stop()`` when done; it closes the listening socket and every open connection.
public final class FakeHTTPServer: Sendable {
    /// Largest request body accepted (bytes).
    public static let defaultMaximumBodyBytes = 1 << 20

    /// The bound port on 127.0.0.1.
    public let port: Int
    private let serverChannel: any Channel
    private let connections: LockedState<[ObjectIdentifier: any Channel]>

    private init(port: Int, serverChannel: any Channel, connections: LockedState<[ObjectIdentifier: any Channel]>) {
        self.port = port
        self.serverChannel = serverChannel
        self.connections = connections
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Binds a server and starts answering.
    /// - Parameters:
    ///   - group: Event loops to run on (NIO's shared singleton by default).
    ///   - maximumBodyBytes: Largest request body accepted.
    ///   - responder: Produces the response for each complete request (runs on an event loop; keep it fast).
    /// - Returns: The running server.
    /// - Throws: `FakeProviderError.bindFailed`.
    public static func start(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        maximumBodyBytes: Int = defaultMaximumBodyBytes,
        responder: @escaping @Sendable (FakeHTTPRequest) -> FakeHTTPResponse
    ) async throws(FakeProviderError) -> FakeHTTPServer {
        let connections = LockedState<[ObjectIdentifier: any Channel]>([:])
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                connections.withLock { $0[id] = channel }
                channel.closeFuture.whenComplete { _ in _ = connections.withLock { $0.removeValue(forKey: id) } }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        FakeHTTPHandler(maximumBodyBytes: maximumBodyBytes, responder: responder))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port else {
                try? await channel.close()
                throw FakeProviderError.bindFailed("no local port")
            }
            return FakeHTTPServer(port: port, serverChannel: channel, connections: connections)
        } catch let error as FakeProviderError {
            throw error
        } catch {
            throw .bindFailed(String(describing: error))
        }
    }

    /// Stops listening and closes every open connection.
    public func stop() async {
        try? await serverChannel.close()
        let open = connections.withLock { Array($0.values) }
        for channel in open {
            try? await channel.close()
        }
    }
}
