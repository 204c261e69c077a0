import AsyncHTTPClient
import Foundation
public import HeraldJSON
import NIOCore

/// One event received from `GET /admin/tail`.
public struct TailEvent: Sendable, Equatable {
    /// The log sequence.
    public var sequence: UInt64
    /// The bus the event was put on.
    public var bus: String
    /// When it was ingested (ISO 8601).
    public var ingestTime: String
    /// The envelope.
    public var event: JSONValue
    /// The line exactly as received (without the newline).
    public var line: String

    /// Decodes one NDJSON line; `nil` when it is not a tail event.
    public init?(line: String) {
        guard let value = try? JSONValue(parsing: line), let sequence = value["sequence"]?.numberValue,
            let parsed = UInt64(sequence.description), let bus = value["bus"]?.stringValue, let event = value["event"]
        else { return nil }
        self.sequence = parsed
        self.bus = bus
        self.ingestTime = value["ingestTime"]?.stringValue ?? ""
        self.event = event
        self.line = line
    }

    /// One display line: sequence, ingest time, bus, source, detail-type, id and the detail (cut to 160 characters).
    public var summary: String {
        let detail = AdminTableRenderer.cell(event["detail"]?.jsonText ?? "", maxWidth: 160)
        let fields = [
            String(sequence), ingestTime, bus, event["source"]?.stringValue ?? "-", event["detail-type"]?.stringValue ?? "-",
            event["id"]?.stringValue ?? "-", detail,
        ]
        return fields.joined(separator: "  ")
    }
}

/// What `herald tail` asks for.
public struct TailRequest: Sendable, Equatable {
    /// Only this bus.
    public var bus: String?
    /// Only events matching this EventBridge pattern (JSON text).
    public var pattern: String?
    /// Start at this sequence (default: the next event appended).
    public var from: UInt64?
    /// At most this many events in this request.
    public var limit: Int?

    /// Creates a request.
    public init(bus: String? = nil, pattern: String? = nil, from: UInt64? = nil, limit: Int? = nil) {
        self.bus = bus
        self.pattern = pattern
        self.from = from
        self.limit = limit
    }
}

/// Follows a running Herald's `GET /admin/tail` stream.
///
/// - Important: The caller owns `httpClient` and must shut it down.
public struct TailClient: Sendable {
    /// The admin client whose endpoint and token are used.
    public let admin: AdminClient

    /// The longest line accepted (an event is at most 1 MiB; its line adds a little).
    public static let maxLineBytes = 2 << 20

    /// Creates a tail client from an admin client.
    public init(admin: AdminClient) {
        self.admin = admin
    }

    /// Opens one tail stream and calls `onEvent` for every event until the server ends it.
    /// - Returns: The sequence after the last event received (where to continue), or `request.from` if none came.
    /// - Throws: ``AdminClientError`` when the request is refused (bad pattern, token) or the connection fails.
    public func follow(_ request: TailRequest, onEvent: (TailEvent) async -> Void) async throws(AdminClientError)
        -> UInt64?
    {
        var components = URLComponents(string: admin.endpoint + "/admin/tail")
        var items: [URLQueryItem] = []
        if let bus = request.bus { items.append(URLQueryItem(name: "bus", value: bus)) }
        if let pattern = request.pattern { items.append(URLQueryItem(name: "pattern", value: pattern)) }
        if let from = request.from { items.append(URLQueryItem(name: "from", value: String(from))) }
        if let limit = request.limit { items.append(URLQueryItem(name: "limit", value: String(limit))) }
        if !items.isEmpty { components?.queryItems = items }
        // `+` is a space in query strings: encode it so patterns with `+` survive.
        let encodedQuery = components?.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components?.percentEncodedQuery = encodedQuery
        guard let url = components?.string else { throw .invalidEndpoint(admin.endpoint) }
        var http = HTTPClientRequest(url: url)
        http.headers.add(name: "Accept", value: "application/x-ndjson")
        if let token = admin.token { http.headers.add(name: "Authorization", value: "Bearer \(token)") }
        var next = request.from
        do {
            let response = try await admin.httpClient.execute(http, deadline: .distantFuture)
            guard response.status.code == 200 else {
                let bytes = try await response.body.collect(upTo: 1 << 20)
                throw Self.failure(status: Int(response.status.code), data: Data(bytes.readableBytesView))
            }
            if next == nil, let header = response.headers.first(name: AdminRoutes.tailFromHeader), let from = UInt64(header) {
                next = from
            }
            var pending: [UInt8] = []
            for try await chunk in response.body {
                pending += chunk.readableBytesView
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    guard !line.isEmpty, let event = TailEvent(line: line) else { continue }  // heartbeat
                    next = event.sequence + 1
                    await onEvent(event)
                }
                guard pending.count <= Self.maxLineBytes else {
                    throw AdminClientError.invalidResponse("a tail line exceeds \(Self.maxLineBytes) bytes")
                }
            }
        } catch let error as AdminClientError {
            throw error
        } catch {
            throw .transport(String(describing: error))
        }
        return next
    }

    /// The error of a refused tail request.
    static func failure(status: Int, data: Data) -> AdminClientError {
        if let body = try? JSONDecoder().decode(AdminErrorBody.self, from: data) {
            return .server(status: status, code: body.error, message: body.message)
        }
        return .server(status: status, code: "HTTP\(status)", message: String(decoding: data.prefix(200), as: UTF8.self))
    }
}
