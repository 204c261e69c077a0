#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AsyncHTTPClient
import HeraldEvents
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A ``DeliveryTransport`` on an injected AsyncHTTPClient `HTTPClient` (connection pooling and
/// keep-alive come from the client; plain `http://` is allowed).
///
/// Every response body is read to the end, so the connection returns to the pool: the first
/// ``Configuration/bodyExcerptLimit`` bytes are kept and the rest dropped. A body longer than
/// ``Configuration/maximumBodyBytes`` is abandoned (the connection is then closed by the client).
public struct AsyncHTTPClientTransport: DeliveryTransport {
    /// Transport settings; every parameter has a default.
    public struct Configuration: Sendable, Hashable {
        /// The per-request timeout used when a request has none (EventBridge's 5 seconds).
        public var timeout: Duration
        /// How many leading body bytes a response keeps.
        public var bodyExcerptLimit: Int
        /// The most body bytes read before the response is abandoned.
        public var maximumBodyBytes: Int

        /// Creates a configuration.
        public init(timeout: Duration = .seconds(5), bodyExcerptLimit: Int = 1024, maximumBodyBytes: Int = 8 << 20) {
            self.timeout = timeout
            self.bodyExcerptLimit = bodyExcerptLimit
            self.maximumBodyBytes = maximumBodyBytes
        }
    }

    private let client: HTTPClient
    private let configuration: Configuration
    private let wallClock: @Sendable () -> UTCTime
    private let logger: Logger?

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - client: the HTTP client (owned by the caller, who shuts it down); see
    ///     ``recommendedClientConfiguration(connectTimeout:maximumConnectionsPerHost:)``.
    ///   - configuration: timeouts and body limits.
    ///   - wallClock: reads the UTC time stamped on responses (injected for tests).
    ///   - logger: request-level logging by AsyncHTTPClient (`nil` disables it).
    public init(
        client: HTTPClient,
        configuration: Configuration = Configuration(),
        wallClock: @escaping @Sendable () -> UTCTime = { UTCTime.now },
        logger: Logger? = nil
    ) {
        self.client = client
        self.configuration = configuration
        self.wallClock = wallClock
        self.logger = logger
    }

    /// An `HTTPClient.Configuration` suited to delivery: no redirects (a 3xx is reported, not followed),
    /// no decompression, HTTP/1.1 keep-alive pooling, and the given connect timeout. 256 connections per host: four
    /// targets' default windows, so one hanging endpoint cannot starve the other targets of its host.
    public static func recommendedClientConfiguration(
        connectTimeout: Duration = .seconds(5),
        maximumConnectionsPerHost: Int = 256
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(UTCTime.nanoseconds(of: connectTimeout))),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maximumConnectionsPerHost),
            decompression: .disabled
        )
        configuration.httpVersion = .http1Only
        return configuration
    }

    /// Sends the request and reads the whole response; see ``DeliveryTransport``.
    public func send(_ request: DeliveryRequest) async -> Result<DeliveryResponse, TransportError> {
        var httpRequest = HTTPClientRequest(url: request.url)
        httpRequest.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { httpRequest.headers.add(name: field.name, value: field.value) }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            httpRequest.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let timeout = request.timeout ?? configuration.timeout
        let start = ContinuousClock.now
        do {
            let response = try await client.execute(
                httpRequest,
                deadline: .now() + .nanoseconds(UTCTime.nanoseconds(of: timeout)),
                logger: logger
            )
            var excerpt: [UInt8] = []
            var length = 0
            let excerptLimit = request.responseBodyLimit ?? configuration.bodyExcerptLimit
            for try await chunk in response.body {
                if excerpt.count < excerptLimit {
                    let wanted = min(excerptLimit - excerpt.count, chunk.readableBytes)
                    excerpt.append(contentsOf: chunk.getBytes(at: chunk.readerIndex, length: wanted) ?? [])
                }
                length += chunk.readableBytes
                if length > configuration.maximumBodyBytes { break }
            }
            var headers = HTTPFields()
            for (name, value) in response.headers { headers.append(name: name, value: value) }
            return .success(DeliveryResponse(
                statusCode: Int(response.status.code),
                headers: headers,
                bodyExcerpt: excerpt,
                bodyLength: length,
                latency: ContinuousClock.now - start,
                receivedAt: wallClock()
            ))
        } catch {
            return .failure(Self.transportError(from: error))
        }
    }

    /// Maps AsyncHTTPClient and NIO errors onto ``TransportError`` kinds.
    static func transportError(from error: any Error) -> TransportError {
        if let clientError = error as? HTTPClientError {
            let kind: TransportError.Kind
            switch clientError {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout: kind = .timeout
            case .connectTimeout, .tlsHandshakeTimeout: kind = .connectTimeout
            case .remoteConnectionClosed, .cancelled: kind = .connectionReset
            case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath: kind = .invalidRequest
            default:
                kind = String(describing: clientError).contains("unsupportedScheme") ? .invalidRequest : .other
            }
            return TransportError(kind: kind, message: String(describing: clientError))
        }
        if let ioError = error as? IOError {
            // NIO's own text reads "connection reset (error set): Connection refused) (errno: 111)" for a refused
            // connect: the system's words and the number are what an operator needs.
            return TransportError(
                kind: kind(ofErrno: ioError.errnoCode), message: "\(String(cString: strerror(ioError.errnoCode))) (errno \(ioError.errnoCode))")
        }
        if let connectionError = error as? NIOConnectionError {
            let errnos = connectionError.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
            let kind = errnos.contains(ECONNREFUSED) ? TransportError.Kind.connectionRefused : .other
            return TransportError(kind: kind, message: "connect to \(connectionError.host):\(connectionError.port) failed")
        }
        if error is ChannelError {
            return TransportError(kind: .connectionReset, message: String(describing: error))
        }
        if error is CancellationError {
            return TransportError(kind: .connectionReset, message: "request cancelled")
        }
        return TransportError(kind: .other, message: String(describing: error))
    }

    private static func kind(ofErrno errno: Int32) -> TransportError.Kind {
        switch errno {
        case ECONNREFUSED: return .connectionRefused
        case ECONNRESET, EPIPE, ECONNABORTED: return .connectionReset
        case ETIMEDOUT: return .connectTimeout
        default: return .other
        }
    }
}
