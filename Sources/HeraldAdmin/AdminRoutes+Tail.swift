import Foundation
import HeraldEngine
import HeraldJSON
import HeraldPattern
import HeraldStorage
public import Hummingbird
import ServiceLifecycle

/// `GET /admin/tail`: follows the event log live as newline-delimited JSON.
///
/// - Important: The stream is read in short read transactions (never held across a write or an `await`), and ends
///   on the server's graceful shutdown, so a connected `herald tail` does not delay `herald serve` stopping.
extension AdminRoutes {
    /// The most events one tail request sends before it ends (the client reconnects with `from=`).
    public static let maxTailEvents = 100_000
    /// The response header carrying the first sequence the stream covers (so a client that asked for "from now on"
    /// can reconnect without a gap even when no event came).
    public static let tailFromHeader = "Herald-Tail-From"
    /// Log records read per storage read while tailing (one short read transaction each).
    static let tailReadBatch = 256

    /// Registers `GET /admin/tail?pattern=JSON&from=SEQ&bus=B&limit=N` on `router`.
    ///
    /// The answer is `application/x-ndjson`: one line per matching event,
    /// `{"sequence":N,"bus":"B","ingestTime":"ISO","event":{…envelope…}}`, starting at sequence `from` (default: the
    /// next event appended; the `Herald-Tail-From` header says which) and waiting for new appends. An empty line is sent every `heartbeat` without events, so a
    /// gone client is noticed by the failed write; the stream ends after `limit` events (default and maximum
    /// ``maxTailEvents``), when the client disconnects, or when the store closes. A bad `pattern`, `from`, `limit` or
    /// `bus` is a 400 before the stream starts; a missing or wrong token a 401.
    /// - Parameters:
    ///   - router: The router to extend.
    ///   - context: The store and token.
    ///   - heartbeat: The idle interval after which an empty line is sent.
    public static func registerTail<Context: RequestContext>(
        on router: Router<Context>, context: AdminContext, heartbeat: Duration = .seconds(15)
    ) {
        let authorization = AdminAuthorization(token: context.adminToken)
        router.get("/admin/tail") { request, _ -> Response in
            guard authorization.allows(authorizationHeader: request.headers[.authorization]) else {
                return errorResponse(.unauthorized)
            }
            let query: TailQuery
            do throws(AdminError) {
                query = try tailQuery(request.uri.queryParameters, lastSequence: context.store.log.lastSequence)
            } catch {
                return errorResponse(error)
            }
            let log = context.store.log
            var headers: HTTPFields = [.contentType: "application/x-ndjson", .cacheControl: "no-store"]
            if let name = HTTPFields.Element.Name(tailFromHeader) { headers[name] = String(query.from) }
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    try await streamTail(query, log: log, heartbeat: heartbeat, writer: &writer)
                    try await writer.finish(nil)
                })
        }
    }

    /// A parsed tail request.
    struct TailQuery: Sendable {
        /// The first sequence to send.
        var from: UInt64
        /// Only this bus, if set.
        var bus: String?
        /// Only events matching this pattern, if set.
        var matcher: CompiledRuleSet<Int>?
        /// Events to send before ending.
        var limit: Int
    }

    /// Parses and validates the tail parameters.
    static func tailQuery(_ parameters: Parameters, lastSequence: UInt64) throws(AdminError) -> TailQuery {
        var query = TailQuery(from: lastSequence + 1, matcher: nil, limit: maxTailEvents)
        if let from = try unsigned(parameters.get("from"), name: "from", required: false) { query.from = max(from, 1) }
        if let bus = parameters.get("bus"), !bus.isEmpty {
            guard bus.utf8.count <= 256, !bus.contains(where: \.isNewline) else {
                throw .badRequest("'bus' must be a bus name of at most 256 bytes, got '\(bus.prefix(40))'")
            }
            query.bus = bus
        }
        if let limit = try unsigned(parameters.get("limit"), name: "limit", required: false) {
            guard limit >= 1, limit <= UInt64(maxTailEvents) else {
                throw .badRequest("'limit' must be 1...\(maxTailEvents), got \(limit)")
            }
            query.limit = Int(limit)
        }
        if let text = parameters.get("pattern"), !text.isEmpty {
            do {
                query.matcher = CompiledRuleSet(rules: [(0, try EventPattern(parsing: text))])
            } catch {
                let location = error.path.isEmpty ? "" : " at \(error.path)"
                throw .badRequest("invalid event pattern\(location): \(error.message)")
            }
        }
        return query
    }

    /// Writes matching events (and heartbeats) until the limit, a failed write, cancellation or the store closing.
    static func streamTail(
        _ query: TailQuery, log: EventLog, heartbeat: Duration, writer: inout any ResponseBodyWriter
    ) async throws {
        var next = query.from
        var sent = 0
        while sent < query.limit, !Task.isCancelled, !Task.isShuttingDownGracefully, !log.isClosed {
            let records = try log.read(from: next, limit: tailReadBatch, maxBytes: 4 << 20)
            guard let last = records.last else {
                if !(await waitForAppend(log: log, after: next - 1, timeout: heartbeat)) {
                    try await writer.write(ByteBuffer(string: "\n"))
                }
                continue
            }
            next = last.sequence + 1
            var lines: [UInt8] = []
            for record in records where sent < query.limit {
                guard let line = tailLine(record, query: query) else { continue }
                lines += line
                sent += 1
            }
            if !lines.isEmpty { try await writer.write(ByteBuffer(bytes: lines)) }
        }
    }

    /// Waits until a record after `sequence` exists, `timeout` passes or the server begins a graceful shutdown (so an
    /// idle tail never holds the server's shutdown up); returns whether a record exists.
    static func waitForAppend(log: EventLog, after sequence: UInt64, timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await log.waitForAppend(after: sequence) > sequence }
            group.addTask {
                try? await gracefulShutdown()
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first || log.lastSequence > sequence
        }
    }

    /// One NDJSON line for a record, or `nil` when it is filtered out or not a stored event.
    static func tailLine(_ record: LogRecord, query: TailQuery) -> [UInt8]? {
        guard let stored = try? StoredEvent(decoding: record.payload) else { return nil }
        if let bus = query.bus, stored.busName != bus { return nil }
        if let matcher = query.matcher {
            guard let matched = try? matcher.matchingRules(forEvent: stored.envelopeJSON), !matched.isEmpty else { return nil }
        }
        var line = Array(#"{"sequence":\#(record.sequence),"bus":"#.utf8)
        JSONValue.writeString(stored.busName, to: &line)
        line += Array(#","ingestTime":"#.utf8)
        JSONValue.writeString(AdminService.iso(record.ingestTime), to: &line)
        line += Array(#","event":"#.utf8)
        line += stored.envelopeJSON
        line += Array("}\n".utf8)
        return line
    }
}
