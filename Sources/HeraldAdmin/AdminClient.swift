public import AsyncHTTPClient
import Foundation
import HeraldJSON
import NIOCore
import NIOHTTP1

/// Calls a running Herald's admin API (used by `herald status` and `herald dlq …`).
///
/// - Important: The caller owns `httpClient` and must shut it down.
public struct AdminClient: Sendable {
    /// The base URL, e.g. `http://127.0.0.1:4010`.
    public let endpoint: String
    /// The bearer token, if any.
    public let token: String?
    /// The HTTP client.
    public let httpClient: HTTPClient
    /// Per-request timeout.
    public let timeout: Duration

    /// The largest response accepted.
    public static let maxResponseBytes = 64 << 20

    /// Creates a client.
    /// - Throws: ``AdminClientError/invalidEndpoint(_:)`` unless `endpoint` is an `http(s)://` URL with a host.
    public init(endpoint: String, token: String?, httpClient: HTTPClient, timeout: Duration = .seconds(30))
        throws(AdminClientError)
    {
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
            url.host != nil
        else { throw .invalidEndpoint(endpoint) }
        self.endpoint = base
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.httpClient = httpClient
        self.timeout = timeout
    }

    /// `GET /admin/status`.
    public func status() async throws(AdminClientError) -> AdminStatusReport {
        try await call(method: .GET, path: "/admin/status", query: [])
    }

    /// `GET /admin/dlq`.
    public func deadLetters(_ query: DeadLetterQuery) async throws(AdminClientError) -> DeadLetterList {
        var items: [(String, String)] = [("limit", String(query.limit))]
        if let target = query.target { items.append(("target", target)) }
        if let since = query.since { items.append(("since", String(since))) }
        if let reason = query.reason { items.append(("reason", reason)) }
        if let after = query.after { items.append(("after", String(after))) }
        return try await call(method: .GET, path: "/admin/dlq", query: items)
    }

    /// `GET /admin/dlq/entry`.
    public func deadLetter(target: String, sequence: UInt64) async throws(AdminClientError) -> DeadLetterDetail {
        try await call(method: .GET, path: "/admin/dlq/entry", query: [("target", target), ("sequence", String(sequence))])
    }

    /// `POST /admin/dlq/redrive`.
    public func redrive(_ action: DeadLetterAction) async throws(AdminClientError) -> DeadLetterActionResult {
        try await call(method: .POST, path: "/admin/dlq/redrive", query: [], body: Self.body(of: action))
    }

    /// `POST /admin/dlq/purge`.
    public func purge(_ action: DeadLetterAction) async throws(AdminClientError) -> DeadLetterActionResult {
        try await call(method: .POST, path: "/admin/dlq/purge", query: [], body: Self.body(of: action))
    }

    /// The JSON body of a redrive or purge (the filter is sent as a string holding the pattern).
    static func body(of action: DeadLetterAction) -> [UInt8] {
        var object = JSONObject()
        object.append(key: "target", value: .string(action.target))
        if let sequences = action.sequences {
            object.append(key: "sequences", value: .array(sequences.map { .number(JSONNumber(literal: String($0)) ?? JSONNumber(0)) }))
        }
        if let filter = action.filter { object.append(key: "filter", value: .string(filter)) }
        object.append(key: "dryRun", value: .bool(action.dryRun))
        return JSONValue.object(object).jsonBytes
    }

    /// Sends one request and decodes the JSON answer (or the JSON error).
    private func call<Value: Decodable>(
        method: HTTPMethod, path: String, query: [(String, String)], body: [UInt8]? = nil
    ) async throws(AdminClientError) -> Value {
        var components = URLComponents(string: endpoint + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.string else { throw .invalidEndpoint(endpoint) }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: Int
        let bytes: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(max(1, timeout.components.seconds)))
            status = Int(response.status.code)
            bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            throw .transport(String(describing: error))
        }
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(status) else {
            if let failure = try? JSONDecoder().decode(AdminErrorBody.self, from: data) {
                throw .server(status: status, code: failure.error, message: failure.message)
            }
            let text = String(decoding: data.prefix(2000), as: UTF8.self)
            let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw .server(status: status, code: "HTTP\(status)", message: String(firstLine.prefix(200)))
        }
        do {
            return try JSONDecoder().decode(Value.self, from: data)
        } catch {
            throw .invalidResponse("\(path): \(error)")
        }
    }
}
