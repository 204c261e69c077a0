import HeraldIngest
import HeraldJSON
import NIOCore
import NIOPosix

/// A producer's connection to Herald's Unix socket.
///
/// Every call writes its request lines at once and awaits their responses; calls from many tasks are pipelined on
/// the one connection. A put returns only after Herald made the event durable.
///
/// ```swift
/// let client = try await HeraldSocketClient.connect(path: "./herald-data/herald.sock")
/// let id = try await client.put(PutEntry(source: "app.cdp", detailType: "order_placed", detail: #"{"amount":5}"#))
/// ```
public final class HeraldSocketClient: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects to the socket at `path`.
    public static func connect(
        path: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> HeraldSocketClient {
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(LineFrameDecoder(maximumLineLength: 1 << 20)),
                        PipelineHandler(),
                    ])
                }
            }
            .connect(unixDomainSocketPath: path).get()
        return HeraldSocketClient(channel: channel)
    }

    /// Puts one event and returns its id, or throws ``HeraldClientPutError`` with Herald's error code.
    public func put(_ entry: PutEntry) async throws -> String {
        switch try await put([entry])[0] {
        case .success(let id): return id
        case .failure(let code, let message): throw HeraldClientPutError(code: code, message: message)
        }
    }

    /// Puts several events in one write; returns one result per entry, in order.
    public func put(_ entries: [PutEntry]) async throws -> [PutResult] {
        try await send(lines: entries.map(\.requestLine)).map(Self.parseResponse)
    }

    /// Sends raw request lines (each must be one line) and returns the raw response lines, in order.
    public func send(lines: [String]) async throws -> [String] {
        try await send(lineBytes: lines.map { Array($0.utf8) })
    }

    /// Sends raw request lines as bytes, exactly as given (invalid UTF-8 included: the server, not the client,
    /// answers it), and returns the raw response lines, in order.
    public func send(lineBytes lines: [[UInt8]]) async throws -> [String] {
        guard !lines.isEmpty else { return [] }
        var buffer = channel.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            buffer.writeBytes(line)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        let loop = channel.eventLoop
        let promises = lines.map { _ in loop.makePromise(of: [UInt8].self) }
        let handOver = HandOver()
        do {
            try await channel.writeAndFlush(PipelinedWrite(bytes: buffer, promises: promises, handedOver: handOver)).get()
        } catch {
            // The pipeline never saw the write (the channel was already closed): nobody else will fail these.
            if !handOver.isTaken { for promise in promises { promise.fail(error) } }
            throw error
        }
        var responses: [String] = []
        responses.reserveCapacity(promises.count)
        for promise in promises {
            responses.append(String(decoding: try await promise.futureResult.get(), as: UTF8.self))
        }
        return responses
    }

    /// Closes the connection.
    public func close() async throws {
        try await channel.close()
    }

    public static func parseResponse(_ line: String) -> PutResult {
        guard let response = try? JSONValue(parsing: line) else {
            return .failure(code: "MalformedResponse", message: line)
        }
        if let id = response["EventId"]?.stringValue { return .success(eventId: id) }
        return .failure(
            code: response["ErrorCode"]?.stringValue ?? "MalformedResponse",
            message: response["ErrorMessage"]?.stringValue ?? line
        )
    }
}

/// Herald refused a put; `code` is its EventBridge-style error code.
public struct HeraldClientPutError: Error, Sendable, Equatable {
    public let code: String
    public let message: String
}
