import AsyncHTTPClient
import Foundation
import HeraldJSON
import HeraldLedger
import NIOCore

/// Calls the ledger's admin endpoints (`/admin/query`, `/admin/reports/…`) of a running Herald and decodes the
/// result set they answer with.
struct LedgerAPIClient {
    let endpoint: String
    let token: String?

    /// `POST /admin/query`.
    func query(sql: String, parameters: [String: LedgerValue], limit: Int, timeoutMilliseconds: Int) async throws -> LedgerResultSet {
        var params = JSONObject()
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) { params.append(key: name, value: Self.json(value)) }
        let body: JSONObject = [
            "sql": .string(sql), "parameters": .object(params), "limit": .number(JSONNumber(limit)),
            "timeoutMs": .number(JSONNumber(timeoutMilliseconds)),
        ]
        return try await call(path: "/admin/query", body: JSONValue.object(body).jsonBytes, wait: .milliseconds(timeoutMilliseconds + 10_000))
    }

    /// `GET /admin/reports/NAME?query`.
    func report(_ name: String, query: [(String, String)]) async throws -> LedgerResultSet {
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return try await call(path: "/admin/reports/\(name)" + (components.string ?? ""), body: nil, wait: .seconds(60))
    }

    private func call(path: String, body: [UInt8]?, wait: Duration) async throws -> LedgerResultSet {
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
            throw LedgerCommandError("invalid endpoint '\(endpoint)': expected http://HOST:PORT")
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: Result<(Int, [UInt8]), LedgerCommandError> = await Self.send(client, request(path: path, body: body), wait: wait)
        try? await client.shutdown()
        let (status, bytes) = try result.get()
        return try Self.decode(status: status, bytes: bytes, path: path)
    }

    private func request(path: String, body: [UInt8]?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = body == nil ? .GET : .POST
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    private static func send(_ client: HTTPClient, _ request: HTTPClientRequest, wait: Duration) async -> Result<(Int, [UInt8]), LedgerCommandError> {
        do {
            let response = try await client.execute(request, timeout: .seconds(wait.components.seconds + 1))
            let bytes = Array(buffer: try await response.body.collect(upTo: 256 << 20))
            return .success((Int(response.status.code), bytes))
        } catch {
            return .failure(LedgerCommandError("cannot reach the Herald admin API at \(request.url): \(error)"))
        }
    }

    private static func decode(status: Int, bytes: [UInt8], path: String) throws -> LedgerResultSet {
        guard let json = try? JSONValue(parsing: bytes) else {
            throw LedgerCommandError("unexpected \(status) response from \(path): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
        guard (200..<300).contains(status) else {
            throw LedgerCommandError("server answered \(status) \(json["error"]?.stringValue ?? ""): \(json["message"]?.stringValue ?? json.jsonText)")
        }
        guard let columns = json["columns"]?.arrayValue?.compactMap(\.stringValue), let rows = json["rows"]?.arrayValue else {
            throw LedgerCommandError("unexpected response from \(path): no columns/rows")
        }
        return LedgerResultSet(
            columns: columns, rows: rows.map { ($0.arrayValue ?? []).map(Self.value) }, truncated: json["truncated"]?.boolValue ?? false)
    }

    static func value(_ json: JSONValue) -> LedgerValue {
        switch json {
        case .string(let text): return .text(text)
        case .number(let number):
            if let integer = Int64(number.literal) { return .integer(integer) }
            return number.doubleValue.map(LedgerValue.double) ?? .null
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .null: return .null
        default: return .text(json.jsonText)
        }
    }

    static func json(_ value: LedgerValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .number(JSONNumber(Int(number)))
        case .double(let number): JSONNumber(number).map(JSONValue.number) ?? .null
        case .text(let text): .string(text)
        case .blob: .string(value.displayText)
        }
    }
}

/// A ledger command failure, printed as `error: …` with exit code 1.
struct LedgerCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
