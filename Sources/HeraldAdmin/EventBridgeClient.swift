public import AsyncHTTPClient
import Foundation
public import HeraldJSON
import NIOCore
import NIOHTTP1

/// Calls a running Herald's EventBridge JSON API (`POST /` with `X-Amz-Target: AWSEvents.<Operation>`), signing
/// every request with SigV4 when a signer is given (used by `herald rules|archive|replay …`).
///
/// - Important: The caller owns `httpClient` and must shut it down.
public struct EventBridgeClient: Sendable {
    /// The base URL, e.g. `http://127.0.0.1:4010`.
    public let endpoint: String
    /// Signs requests when the server requires SigV4; `nil` sends them unsigned (developer mode).
    public let signer: SigV4Signer?
    /// The HTTP client.
    public let httpClient: HTTPClient
    /// Per-request timeout.
    public let timeout: Duration
    /// The clock used for signing times.
    private let now: @Sendable () -> Date

    /// Creates a client.
    /// - Parameters:
    ///   - endpoint: The server's base URL.
    ///   - signer: The SigV4 signer, or `nil`.
    ///   - httpClient: The HTTP client (owned by the caller).
    ///   - timeout: Per-request timeout.
    ///   - now: The clock for signing.
    /// - Throws: ``AdminClientError/invalidEndpoint(_:)`` unless `endpoint` is an `http(s)://` URL with a host.
    public init(
        endpoint: String, signer: SigV4Signer?, httpClient: HTTPClient, timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(AdminClientError) {
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
            url.host != nil
        else { throw .invalidEndpoint(endpoint) }
        self.endpoint = base
        self.signer = signer
        self.httpClient = httpClient
        self.timeout = timeout
        self.now = now
    }

    /// Calls `operation` (e.g. `ListRules`) with `input` encoded as JSON and decodes the answer.
    /// - Throws: ``AdminClientError/server(status:code:message:)`` with EventBridge's `__type` and message,
    ///   ``AdminClientError/transport(_:)`` or ``AdminClientError/invalidResponse(_:)``.
    public func call<Output: Decodable>(_ operation: String, _ input: JSONValue) async throws(AdminClientError) -> Output {
        let body = input.jsonBytes
        let data = try await send(operation, body: body)
        do {
            return try JSONDecoder().decode(Output.self, from: data)
        } catch {
            throw .invalidResponse("\(operation): \(error)")
        }
    }

    /// Sends one signed request and returns the body of a 2xx answer.
    private func send(_ operation: String, body: [UInt8]) async throws(AdminClientError) -> Data {
        guard let url = URL(string: endpoint + "/"), let host = url.host else { throw .invalidEndpoint(endpoint) }
        let authority = url.port.map { "\(host):\($0)" } ?? host
        var headers: [(name: String, value: String)] = [
            (name: "Host", value: authority), (name: "Content-Type", value: "application/x-amz-json-1.1"),
            (name: "X-Amz-Target", value: "AWSEvents.\(operation)"),
        ]
        if let signer {
            headers += signer.signatureHeaders(method: "POST", path: "/", query: nil, headers: headers, body: body, date: now())
        }
        var request = HTTPClientRequest(url: endpoint + "/")
        request.method = .POST
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        let bytes: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(max(1, timeout.components.seconds)))
            status = Int(response.status.code)
            bytes = try await response.body.collect(upTo: AdminClient.maxResponseBytes)
        } catch {
            throw .transport(String(describing: error))
        }
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(status) else {
            struct Failure: Decodable {
                var __type: String?
                var message: String?
                var Message: String?
            }
            if let failure = try? JSONDecoder().decode(Failure.self, from: data), let code = failure.__type {
                throw .server(status: status, code: code, message: failure.message ?? failure.Message ?? "")
            }
            let text = String(decoding: data.prefix(200), as: UTF8.self)
            throw .server(status: status, code: "HTTP\(status)", message: text)
        }
        return data
    }
}
