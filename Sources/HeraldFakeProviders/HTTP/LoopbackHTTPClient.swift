public import HeraldChannels
public import NIOCore
import NIOHTTP1
public import NIOPosix

/// A minimal HTTP/1.1 client that only talks to loopback addresses (`127.0.0.0/8`, `localhost`, `::1`): the fake
/// providers use it to call Herald back with receipts, and tests use it to talk to the fakes. One connection per
/// request (`Connection: close`).
public struct LoopbackHTTPClient: Sendable {
    /// Event loops to run on.
    public let group: any EventLoopGroup
    /// Time allowed for connect + request + response.
    public let timeout: Duration

    /// Creates a client.
    /// - Parameters:
    ///   - group: Event loops (NIO's shared singleton by default).
    ///   - timeout: Overall time limit per request.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: Duration = .seconds(5)) {
        self.group = group
        self.timeout = timeout
    }

    /// Sends a request and reads the whole response.
    /// - Parameter request: The request (its URL must be `http://` on a loopback host).
    /// - Returns: Status, headers and body.
    /// - Throws: `FakeProviderError` for a bad or non-loopback URL, connection failures and timeouts.
    public func send(_ request: ChannelRequest) async throws(FakeProviderError) -> ProviderResponse {
        let target = try LoopbackTarget(request.url)
        let timeout = self.timeout
        let group = self.group
        do {
            return try await withThrowingTaskGroup(of: ProviderResponse?.self) { tasks in
                tasks.addTask { try await Self.exchange(request, target: target, group: group) }
                tasks.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { tasks.cancelAll() }
                guard let first = try await tasks.next(), let response = first else { throw FakeProviderError.timedOut }
                return response
            }
        } catch let error as FakeProviderError {
            throw error
        } catch {
            throw .connectionFailed(String(describing: error))
        }
    }

    private static func exchange(_ request: ChannelRequest, target: LoopbackTarget, group: any EventLoopGroup)
        async throws -> ProviderResponse
    {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(5))
            .connect(host: target.host, port: target.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        // The server may close first (it answers `Connection: close`); a response already read must survive the
        // error `executeThenClose` then reports while tearing the channel down.
        var received: ProviderResponse?
        do {
            try await channel.executeThenClose { inbound, outbound in
                var headers = HTTPHeaders(request.headers.fields.map { ($0.name, $0.value) })
                if !headers.contains(name: "Host") { headers.add(name: "Host", value: target.hostHeader) }
                headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
                headers.replaceOrAdd(name: "Connection", value: "close")
                let head = HTTPRequestHead(
                    version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: target.requestTarget,
                    headers: headers)
                // The server answers (and closes) as soon as the request's end arrives, which can fail the last write
                // here although the response is already on its way: read it before giving up on a write error.
                var writeError: (any Error)?
                do {
                    try await outbound.write(.head(head))
                    if !request.body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: request.body)))) }
                    try await outbound.write(.end(nil))
                } catch {
                    writeError = error
                }

                var status: Int?
                var responseHeaders = ChannelHeaders()
                var body: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let responseHead):
                        status = Int(responseHead.status.code)
                        responseHeaders = ChannelHeaders(responseHead.headers.map { ($0.name, $0.value) })
                    case .body(var buffer):
                        body += buffer.readBytes(length: buffer.readableBytes) ?? []
                    case .end:
                        guard let status else { throw FakeProviderError.protocolError("response without head") }
                        received = ProviderResponse(status: status, headers: responseHeaders, body: body)
                        return
                    }
                }
                if let writeError { throw writeError }
                throw FakeProviderError.protocolError("connection closed before the response ended")
            }
        } catch {
            if let received { return received }
            throw error
        }
        guard let received else { throw FakeProviderError.protocolError("connection closed before the response ended") }
        return received
    }
}

/// A parsed `http://host:port/path?query` URL restricted to loopback hosts.
struct LoopbackTarget: Sendable {
    /// Host to connect to (`localhost` becomes `127.0.0.1`).
    var host: String
    /// Port (80 when absent).
    var port: Int
    /// Path and query sent in the request line.
    var requestTarget: String
    /// `Host` header value.
    var hostHeader: String

    /// Parses `url`; only `http://` on loopback hosts is accepted.
    init(_ url: String) throws(FakeProviderError) {
        guard url.hasPrefix("http://") else { throw .invalidURL(url) }
        let rest = url.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[rest.startIndex..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if let hash = target.firstIndex(of: "#") { target = String(target[target.startIndex..<hash]) }
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        var host = String(authority)
        var port = 80
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let parsed = Int(authority[authority.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw .invalidURL(url)
            }
            port = parsed
            host = String(authority[authority.startIndex..<colon])
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let isLoopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        guard isLoopback else { throw .nonLoopbackHost(host) }
        self.host = host == "localhost" ? "127.0.0.1" : host
        self.port = port
        self.requestTarget = target
        self.hostHeader = String(authority)
    }
}
