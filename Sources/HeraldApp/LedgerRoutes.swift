import HeraldAdmin
import HeraldJSON
import HeraldLedger
import Hummingbird
import NIOCore
import NIOPosix

/// The ledger's admin endpoints (admin-authenticated like the rest of `/admin`):
///
/// - `POST /admin/query` `{"sql": "…", "parameters": {"name": value}, "limit": 1000, "timeoutMs": 5000}` → read-only
///   SQL over the ledger: `{"columns": […], "rows": [[…]], "truncated": bool}`, or `?format=table|csv` for text.
///   Writes, several statements, unknown parameters are refused (400); a query past its time limit is cut off (408).
/// - `GET /admin/reports/incident?id=INC-42` → the incident timeline.
/// - `GET /admin/reports/delivery?since=MS&until=MS` → per-target delivery figures (default: the last 24 hours).
///
/// Queries run on NIO's blocking thread pool, never on the event loops or Swift's cooperative pool, each on its own
/// read-only connection, so a slow query cannot stall the server or delivery.
enum LedgerRoutes {
    /// Most rows a query may ask for.
    static let maxRows = 100_000
    /// Longest time limit a query may ask for.
    static let maxTimeoutMilliseconds = 60_000

    static func register(on router: Router<BasicRequestContext>, ledger: LedgerStore, adminToken: String?, now: @escaping @Sendable () -> Int64) {
        let authorization = AdminAuthorization(token: adminToken)
        let query = ledger.makeQuery()
        router.post("/admin/query") { request, _ -> Response in
            guard authorization.allows(authorizationHeader: request.headers[.authorization]) else { return unauthorized() }
            var request = request
            let body = (try? await request.collectBody(upTo: 1 << 20)).map { Array(buffer: $0) } ?? []
            guard let json = try? JSONValue(parsing: body), let sql = json["sql"]?.stringValue else {
                return reply(400, ["error": "bad_request", "message": #"the body must be a JSON object with "sql": "SELECT …""#])
            }
            var parameters: [String: LedgerValue] = [:]
            for member in json["parameters"]?.objectValue ?? JSONObject() {
                parameters[member.key.hasPrefix(":") ? String(member.key.dropFirst()) : member.key] = ledgerValue(member.value)
            }
            let limit = min(max(json["limit"]?.numberValue.flatMap { Int($0.literal) } ?? 1000, 0), maxRows)
            let timeout = min(max(json["timeoutMs"]?.numberValue.flatMap { Int($0.literal) } ?? 5000, 1), maxTimeoutMilliseconds)
            let bound = parameters
            let result: Result<LedgerResultSet, LedgerError> = await run { () throws(LedgerError) -> LedgerResultSet in
                try query.run(sql: sql, parameters: bound, rowLimit: limit, timeLimit: .milliseconds(timeout))
            }
            return respond(result, format: request.uri.queryParameters["format"].map(String.init))
        }
        router.get("/admin/reports/incident") { request, _ -> Response in
            guard authorization.allows(authorizationHeader: request.headers[.authorization]) else { return unauthorized() }
            guard let id = request.uri.queryParameters["id"].map(String.init), !id.isEmpty else {
                return reply(400, ["error": "bad_request", "message": "give the incident (correlation) id: ?id=INC-42"])
            }
            let result: Result<LedgerResultSet, LedgerError> = await run { () throws(LedgerError) -> LedgerResultSet in try ledger.incidentTimeline(id: id).resultSet }
            return respond(result, format: request.uri.queryParameters["format"].map(String.init))
        }
        router.get("/admin/reports/delivery") { request, _ -> Response in
            guard authorization.allows(authorizationHeader: request.headers[.authorization]) else { return unauthorized() }
            let until = request.uri.queryParameters["until"].flatMap { Int64($0) } ?? now()
            let since = request.uri.queryParameters["since"].flatMap { Int64($0) } ?? (until - 86_400_000)
            let result: Result<LedgerResultSet, LedgerError> = await run { () throws(LedgerError) -> LedgerResultSet in
                try ledger.deliveryReport(since: since, until: until).resultSet
            }
            return respond(result, format: request.uri.queryParameters["format"].map(String.init))
        }
    }

    /// Runs blocking SQLite work on NIO's thread pool.
    private static func run(
        _ work: @escaping @Sendable () throws(LedgerError) -> LedgerResultSet
    ) async -> Result<LedgerResultSet, LedgerError> {
        do {
            return try await NIOThreadPool.singleton.runIfActive { () -> Result<LedgerResultSet, LedgerError> in
                do throws(LedgerError) { return .success(try work()) } catch { return .failure(error) }
            }
        } catch {
            return .failure(.database("the query thread pool is not running: \(error)"))
        }
    }

    private static func respond(_ result: Result<LedgerResultSet, LedgerError>, format: String?) -> Response {
        switch result {
        case .failure(let error):
            if case .queryTimedOut = error { return reply(408, ["error": "query_timeout", "message": .string(error.description)]) }
            if case .database = error { return reply(500, ["error": "internal", "message": .string(error.description)]) }
            if case .cannotOpen = error { return reply(503, ["error": "unavailable", "message": .string(error.description)]) }
            return reply(400, ["error": "bad_query", "message": .string(error.description)])
        case .success(let set):
            switch format.flatMap(LedgerOutputFormat.init(rawValue:)) {
            case .table?: return text(set.renderTable(), type: "text/plain; charset=utf-8")
            case .csv?: return text(set.renderCSV(), type: "text/csv; charset=utf-8")
            default: return reply(200, wire(set))
            }
        }
    }

    /// The JSON wire form of a result set (decoded by `herald query`).
    static func wire(_ set: LedgerResultSet) -> JSONObject {
        [
            "columns": .array(set.columns.map(JSONValue.string)),
            "rows": .array(set.rows.map { .array($0.map(jsonValue)) }),
            "truncated": .bool(set.truncated),
        ]
    }

    static func jsonValue(_ value: LedgerValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .number(JSONNumber(Int(number)))
        case .double(let number): JSONNumber(number).map(JSONValue.number) ?? .null
        case .text(let text): .string(text)
        case .blob: .string(value.displayText)
        }
    }

    static func ledgerValue(_ value: JSONValue) -> LedgerValue {
        switch value {
        case .string(let text): return .text(text)
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .number(let number):
            if let integer = Int64(number.literal) { return .integer(integer) }
            return number.doubleValue.map(LedgerValue.double) ?? .null
        case .null: return .null
        default: return .text(value.jsonText)
        }
    }

    private static func unauthorized() -> Response {
        reply(401, ["error": "unauthorized", "message": "a valid admin bearer token is required"])
    }

    private static func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    private static func reply(_ status: Int, _ body: JSONObject) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(body).jsonBytes)))
    }
}
