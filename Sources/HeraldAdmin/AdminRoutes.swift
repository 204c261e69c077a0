import Foundation
public import Hummingbird

/// Mounts the operator endpoints under `/admin` on a Hummingbird router:
///
/// - `GET /admin/status` → ``AdminStatusReport``
/// - `GET /admin/dlq?target=&since=&reason=&limit=&after=` → ``DeadLetterList``
/// - `GET /admin/dlq/entry?target=T&sequence=N` → ``DeadLetterDetail``
/// - `POST /admin/dlq/redrive`, `POST /admin/dlq/purge` with `{target, sequences?, filter?, dryRun?}`
///   → ``DeadLetterActionResult``
///
/// Every request needs `Authorization: Bearer <token>` when the context has a token. Errors are
/// `{"error": code, "message": text}` with 400 (bad input), 401, 404 (unknown target or entry) or 500.
public enum AdminRoutes {
    /// The largest request body accepted by the POST endpoints.
    public static let maxBodyBytes = 1 << 20

    /// Registers the admin routes on `router`.
    /// - Parameters:
    ///   - router: The router to extend (the same one that serves the EventBridge API).
    ///   - context: The store, status source, start time and token.
    public static func register<Context: RequestContext>(on router: Router<Context>, context: AdminContext) {
        let service = AdminService(context: context)
        let authorization = AdminAuthorization(token: context.adminToken)
        registerTail(on: router, context: context)
        router.get("/admin/status") { request, _ -> Response in
            respond(request, authorization) { () throws(AdminError) in try service.status() }
        }
        router.get("/admin/dlq") { request, _ -> Response in
            respond(request, authorization) { () throws(AdminError) in
                try service.deadLetters(try listQuery(request.uri.queryParameters, now: service.now))
            }
        }
        router.get("/admin/dlq/entry") { request, _ -> Response in
            respond(request, authorization) { () throws(AdminError) in
                let parameters = request.uri.queryParameters
                guard let target = parameters.get("target"), !target.isEmpty else {
                    throw .badRequest("'target' is required")
                }
                let sequence = try unsigned(parameters.get("sequence"), name: "sequence", required: true) ?? 0
                return try service.deadLetter(target: target, sequence: sequence)
            }
        }
        router.post("/admin/dlq/redrive") { request, _ -> Response in
            await respondAsync(request, authorization) { (action) async throws(AdminError) in
                try await service.redrive(action)
            }
        }
        router.post("/admin/dlq/purge") { request, _ -> Response in
            await respondAsync(request, authorization) { (action) async throws(AdminError) in
                try await service.purge(action)
            }
        }
    }

    /// Parses the listing's query parameters.
    static func listQuery(_ parameters: Parameters, now: UInt64) throws(AdminError) -> DeadLetterQuery {
        var query = DeadLetterQuery()
        if let target = parameters.get("target"), !target.isEmpty { query.target = target }
        if let since = parameters.get("since"), !since.isEmpty {
            guard let time = AdminTime.parse(since, now: now) else {
                throw .badRequest("'since' must be ISO 8601, milliseconds since the epoch, or an age like 15m/2h/7d; got '\(since)'")
            }
            query.since = time
        }
        if let reason = parameters.get("reason"), !reason.isEmpty {
            guard DeadLetterQuery.reasons.contains(reason.lowercased()) || DeadLetterQuery.storageReasons.contains(reason.lowercased()) else {
                throw .badRequest("'reason' must be one of \(DeadLetterQuery.reasons.joined(separator: ", ")); got '\(reason)'")
            }
            query.reason = reason
        }
        if let limit = try unsigned(parameters.get("limit"), name: "limit", required: false) {
            guard limit >= 1, limit <= UInt64(DeadLetterQuery.maxLimit) else {
                throw .badRequest("'limit' must be 1...\(DeadLetterQuery.maxLimit), got \(limit)")
            }
            query.limit = Int(limit)
        }
        query.after = try unsigned(parameters.get("after"), name: "after", required: false)
        return query
    }

    /// Parses an unsigned integer parameter.
    static func unsigned(_ text: String?, name: String, required: Bool) throws(AdminError) -> UInt64? {
        guard let text, !text.isEmpty else {
            if required { throw .badRequest("'\(name)' is required") }
            return nil
        }
        guard let value = UInt64(text) else { throw .badRequest("'\(name)' must be a non-negative integer, got '\(text)'") }
        return value
    }

    /// Runs a synchronous operation after the auth check and encodes its result or error.
    private static func respond<Value: Encodable>(
        _ request: Request, _ authorization: AdminAuthorization, _ operation: () throws(AdminError) -> Value
    ) -> Response {
        guard authorization.allows(authorizationHeader: request.headers[.authorization]) else {
            return errorResponse(.unauthorized)
        }
        do {
            return jsonResponse(try operation(), status: .ok)
        } catch {
            return errorResponse(error)
        }
    }

    /// Authorizes, decodes the action body, runs `operation` and encodes its result or error.
    private static func respondAsync(
        _ request: Request, _ authorization: AdminAuthorization,
        _ operation: (DeadLetterAction) async throws(AdminError) -> DeadLetterActionResult
    ) async -> Response {
        guard authorization.allows(authorizationHeader: request.headers[.authorization]) else {
            return errorResponse(.unauthorized)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            return errorResponse(.badRequest("the request body exceeds \(maxBodyBytes) bytes"))
        }
        do {
            let action = try DeadLetterActionDecoder.decode(Array(buffer: body))
            return jsonResponse(try await operation(action), status: .ok)
        } catch {
            return errorResponse(error)
        }
    }

    /// A JSON response with sorted keys.
    static func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The JSON error response of `error`.
    static func errorResponse(_ error: AdminError) -> Response {
        var response = jsonResponse(AdminErrorBody(error: error.code, message: error.message), status: .init(code: error.statusCode))
        if error == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
