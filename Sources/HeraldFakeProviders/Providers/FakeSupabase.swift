import HeraldChannels
public import HeraldJSON
public import NIOCore
public import NIOPosix

/// A fake Supabase REST (PostgREST) endpoint on loopback with in-memory tables.
///
/// `POST /rest/v1/<table>` needs `apikey` equal to the configured key (missing/wrong → 401) and, if present,
/// `Authorization: Bearer` equal to the key or the configured JWT (else 401 `PGRST301`); JSON bodies only (415
/// otherwise). A row whose primary key exists answers 409 `23505`, unless `Prefer: resolution=merge-duplicates`
/// (merge) or `ignore-duplicates` (keep) is sent, with `?on_conflict=` naming the conflict columns. `201` when any
/// row was inserted, `200` when all were updated; `return=representation` returns the rows. Unknown tables → 404
/// `42P01`.
public final class FakeSupabase: Sendable {
    /// Everything the fake remembers, guarded by its lock.
    struct State {
        var requests: [FakeHTTPRequest] = []
        var tables: [String: [JSONObject]] = [:]
        var failures: [FakeHTTPResponse] = []
    }

    /// The API key expected in `apikey`.
    public let apiKey: String
    /// A JWT also accepted as the Bearer token (legacy `service_role`), if any.
    public let jwt: String?
    /// Primary-key column per table; only these tables exist.
    public let primaryKeys: [String: [String]]
    private let server: FakeHTTPServer
    private let state: LockedState<State>

    private init(
        apiKey: String, jwt: String?, primaryKeys: [String: [String]], server: FakeHTTPServer,
        state: LockedState<State>
    ) {
        self.apiKey = apiKey
        self.jwt = jwt
        self.primaryKeys = primaryKeys
        self.server = server
        self.state = state
    }

    /// Starts a fake Supabase on an ephemeral loopback port.
    /// - Parameters:
    ///   - apiKey: Expected `apikey`.
    ///   - jwt: Additional accepted Bearer token.
    ///   - tables: Table name → primary-key columns.
    ///   - group: Event loops.
    /// - Returns: The running fake.
    /// - Throws: `FakeProviderError.bindFailed`.
    public static func start(
        apiKey: String = "sb_secret_fake0123456789", jwt: String? = nil,
        tables: [String: [String]] = ["events": ["id"], "alert_events": ["id"]],
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(FakeProviderError) -> FakeSupabase {
        let state = LockedState(State(tables: tables.mapValues { _ in [] }))
        let server = try await FakeHTTPServer.start(group: group) { request in
            state.withLock { current in
                current.requests.append(request)
                return handle(request, state: &current, apiKey: apiKey, jwt: jwt, primaryKeys: tables)
            }
        }
        return FakeSupabase(apiKey: apiKey, jwt: jwt, primaryKeys: tables, server: server, state: state)
    }

    /// Stops the server.
    public func stop() async { await server.stop() }

    /// `http://127.0.0.1:<port>`: use as the Supabase preset's `projectURL`.
    public var baseURL: String { server.baseURL }
    /// Every request received.
    public var requests: [FakeHTTPRequest] { state.withLock { $0.requests } }

    /// The rows of a table, in insertion order.
    /// - Parameter table: Table name.
    /// - Returns: The rows (empty for unknown tables).
    public func rows(in table: String) -> [JSONObject] {
        state.withLock { $0.tables[table] ?? [] }
    }

    /// Makes the next request fail with a PostgREST error body (e.g. 503 `PGRST001`, 500 `40001`).
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - code: Error code.
    ///   - message: Error message.
    public func failNextRequest(status: Int, code: String, message: String) {
        state.withLock { $0.failures.append(Self.error(status: status, code: code, message: message)) }
    }

    /// PostgREST's error body: `{"code","details","hint","message"}`.
    static func error(status: Int, code: String, message: String, details: String? = nil) -> FakeHTTPResponse {
        .json(
            status,
            [
                "code": .string(code), "details": details.map(JSONValue.string) ?? .null, "hint": .null,
                "message": .string(message),
            ])
    }

    /// Answers one request (called under the state lock).
    static func handle(
        _ request: FakeHTTPRequest, state: inout State, apiKey: String, jwt: String?, primaryKeys: [String: [String]]
    ) -> FakeHTTPResponse {
        let prefix = "/rest/v1/"
        guard request.path.hasPrefix(prefix) else {
            return .json(404, ["message": "no Route matched with those values"])
        }
        guard let key = request.headers["apikey"] else {
            return .json(
                401,
                ["message": "No API key found in request", "hint": "No `apikey` request header or url param was found."])
        }
        guard key == apiKey else { return .json(401, ["message": "Invalid API key", "hint": "Double check your Supabase `anon` or `service_role` API key."]) }
        if let authorization = request.headers["Authorization"] {
            let token = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst("Bearer ".count)) : ""
            guard token == apiKey || (jwt != nil && token == jwt) else {
                return error(status: 401, code: "PGRST301", message: "JWT could not be decoded")
            }
        }
        guard request.method == "POST" else {
            return error(status: 405, code: "PGRST117", message: "Unsupported HTTP method: \(request.method)")
        }
        if !state.failures.isEmpty { return state.failures.removeFirst() }
        let table = String(request.path.dropFirst(prefix.count))
        guard let pk = primaryKeys[table] else {
            return error(status: 404, code: "42P01", message: "relation \"public.\(table)\" does not exist")
        }
        guard request.mediaType == "application/json" else {
            return error(status: 415, code: "PGRST107", message: "None of these media types are available: \(request.mediaType)")
        }
        let rows: [JSONObject]
        switch request.json {
        case .object(let object)?: rows = [object]
        case .array(let items)? where items.allSatisfy({ $0.objectValue != nil }): rows = items.compactMap(\.objectValue)
        default: return error(status: 400, code: "PGRST102", message: "Empty or invalid json")
        }
        let prefer = (request.headers["Prefer"] ?? "").lowercased()
        let conflict = request.queryValue("on_conflict").map { $0.split(separator: ",").map(String.init) } ?? pk
        return write(rows, into: table, conflict: conflict, prefer: prefer, state: &state)
    }

    private static func write(
        _ rows: [JSONObject], into table: String, conflict: [String], prefer: String, state: inout State
    ) -> FakeHTTPResponse {
        var existing = state.tables[table] ?? []
        var inserted = 0
        var written: [JSONObject] = []
        for row in rows {
            let keyValues = conflict.map { row[$0] }
            if let index = existing.firstIndex(where: { candidate in conflict.map { candidate[$0] } == keyValues }) {
                if prefer.contains("resolution=merge-duplicates") {
                    var merged = existing[index]
                    for member in row { merged[member.key] = member.value }
                    existing[index] = merged
                    written.append(merged)
                } else if prefer.contains("resolution=ignore-duplicates") {
                    continue
                } else {
                    let key = keyValues.map { $0?.jsonText ?? "null" }.joined(separator: ", ")
                    return error(
                        status: 409, code: "23505",
                        message: "duplicate key value violates unique constraint \"\(table)_pkey\"",
                        details: "Key (\(conflict.joined(separator: ", ")))=(\(key)) already exists.")
                }
            } else {
                existing.append(row)
                written.append(row)
                inserted += 1
            }
        }
        state.tables[table] = existing
        let status = inserted > 0 ? 201 : 200
        if prefer.contains("return=representation") {
            return .json(status, .array(written.map(JSONValue.object)))
        }
        return FakeHTTPResponse(status: status)
    }
}
