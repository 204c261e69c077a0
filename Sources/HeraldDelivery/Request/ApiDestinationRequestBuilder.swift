import HeraldEvents
import HeraldJSON

/// Builds the HTTP request for one event, API destination, connection and target.
///
/// - URL: `InvocationEndpoint` with each `*` replaced by the next `PathParameterValues` entry
///   (percent-encoded), then the target's and the connection's query parameters (a key both set is sent once, with
///   the connection's value, as EventBridge merges them), before any `#fragment`.
/// - Headers, later ones winning: `Content-Type` default, `User-Agent: Herald/<version>`, the target's
///   `HeaderParameters`, the connection's `InvocationHttpParameters` headers; then
///   `Idempotency-Key: <event id>` (or the key the caller gives) and `X-Herald-Event-Id: <event id>` (unless already set), and
///   `X-Herald-Attempt: <n>` when an attempt number is given. `Host`, `Content-Length`, `Connection` and
///   `Transfer-Encoding` parameters are ignored. Authorization is added by ``AuthorizingTransport``.
/// - `Content-Type` defaults to `application/json; charset=utf-8` for JSON payloads and
///   `text/plain; charset=utf-8` otherwise. When it names `application/x-www-form-urlencoded`, the
///   payload (a JSON object) is form-encoded (see ``FormURLEncoder``).
/// - The connection's body parameters are merged into a JSON-object payload (overriding same-named
///   members) or appended to a form body; they are ignored for other payloads.
/// - `GET` and `HEAD` requests carry no body.
public struct ApiDestinationRequestBuilder: Sendable {
    /// The `User-Agent` sent when none is configured.
    public static let defaultUserAgent = "Herald/0.1.0-dev"
    /// The idempotency header carrying the event id.
    public static let idempotencyKeyHeader = "Idempotency-Key"
    /// Herald's own event-id header.
    public static let eventIDHeader = "X-Herald-Event-Id"
    /// The attempt-number header (1 for the first attempt).
    public static let attemptHeader = "X-Herald-Attempt"
    private static let ignoredHeaders = ["host", "content-length", "connection", "transfer-encoding"]

    private static func isIgnored(_ name: String) -> Bool {
        ignoredHeaders.contains { HTTPFields.namesMatch($0, name) }
    }

    /// The `User-Agent` value.
    public var userAgent: String
    /// The per-request timeout to set (`nil`: the transport's default).
    public var timeout: Duration?

    /// Creates a builder.
    public init(userAgent: String = ApiDestinationRequestBuilder.defaultUserAgent, timeout: Duration? = nil) {
        self.userAgent = userAgent
        self.timeout = timeout
    }

    /// Builds the request.
    ///
    /// - Parameters:
    ///   - destination: the API destination.
    ///   - connection: its connection (for invocation parameters; `nil` if none).
    ///   - target: the target's `HttpParameters`.
    ///   - payload: the transformed body.
    ///   - event: the original event (for the id and for JSONPath parameter values).
    ///   - attempt: the 1-based attempt number, sent as `X-Herald-Attempt` when given.
    ///   - idempotencyKey: the `Idempotency-Key` value when not the event id (a channel whose provider scopes keys
    ///     wider than one target); a configured header still wins.
    /// - Throws: ``RequestBuildError`` (permanent: dead-letter the event).
    public func build(
        destination: ApiDestination,
        connection: Connection?,
        target: TargetHttpParameters = .init(),
        payload: TransformedPayload,
        event: EventEnvelope,
        attempt: Int? = nil,
        idempotencyKey: String? = nil
    ) throws(RequestBuildError) -> DeliveryRequest {
        let invocation = connection?.invocationHttpParameters ?? .init()

        var url = try Self.fillPath(destination.invocationEndpoint, with: target.pathParameterValues, event: event)
        var query: [(String, String)] = []
        // As EventBridge merges them: a key the connection sets takes the connection's value, sent once.
        for key in target.queryStringParameters.keys.sorted() where !invocation.queryStringParameters.contains(where: { $0.key == key }) {
            query.append((key, try ParameterValue.resolve(target.queryStringParameters[key] ?? "", in: event)))
        }
        query += invocation.queryStringParameters.map { ($0.key, $0.value.value) }
        url = URLQuery.appending(query, to: url)

        var headers = HTTPFields()
        // Room for what this builder adds and for later signing, auth and preset headers: one allocation per request.
        headers.reserveCapacity(8 + target.headerParameters.count + invocation.headerParameters.count)
        headers.append(name: "User-Agent", value: userAgent)
        // With nothing configured, the fields added below are all new: appended without looking each one up.
        let configured = !target.headerParameters.isEmpty || !invocation.headerParameters.isEmpty
        if configured {
            for key in target.headerParameters.keys.sorted() where !Self.isIgnored(key) {
                headers[key] = try ParameterValue.resolve(target.headerParameters[key] ?? "", in: event)
            }
            for parameter in invocation.headerParameters where !Self.isIgnored(parameter.key) {
                headers[parameter.key] = parameter.value.value
            }
        }
        /// Adds a field unless one was configured (`replacing`: replaces a configured one).
        func add(_ name: String, _ value: String, replacing: Bool = false) {
            if !configured {
                headers.append(name: name, value: value)
            } else if replacing || headers[name] == nil {
                headers[name] = value
            }
        }
        add("Content-Type", payload.isJSON ? "application/json; charset=utf-8" : "text/plain; charset=utf-8")
        add(Self.idempotencyKeyHeader, idempotencyKey ?? event.id)
        add(Self.eventIDHeader, event.id)
        if let attempt { add(Self.attemptHeader, String(attempt), replacing: true) }

        var body = try Self.body(for: payload, contentType: headers["Content-Type"] ?? "", bodyParameters: invocation.bodyParameters)
        if destination.httpMethod == "GET" || destination.httpMethod == "HEAD" {
            body = []
            headers["Content-Type"] = nil
        }
        return DeliveryRequest(method: destination.httpMethod, url: url, headers: headers, body: body, timeout: timeout)
    }

    private static func body(for payload: TransformedPayload, contentType: String, bodyParameters: [ConnectionHttpParameters.Parameter]) throws(RequestBuildError) -> [UInt8] {
        let isForm = contentType.utf8.count >= 33 && contentType.lowercased().contains("application/x-www-form-urlencoded")
        guard isForm || !bodyParameters.isEmpty else { return payload.bytes }
        guard case .object(var object)? = payload.json else {
            if isForm { throw .formEncoding(.notAnObject) }
            return payload.bytes
        }
        for parameter in bodyParameters { object[parameter.key] = .string(parameter.value.value) }
        guard isForm else { return JSONValue.object(object).jsonBytes }
        do {
            return try FormURLEncoder.encode(.object(object))
        } catch {
            throw .formEncoding(error)
        }
    }

    private static func fillPath(_ endpoint: String, with values: [String], event: EventEnvelope) throws(RequestBuildError) -> String {
        // Most endpoints have no wildcard: one byte scan, no copy.
        guard endpoint.utf8.contains(UInt8(ascii: "*")) else { return endpoint }
        let wildcards = endpoint.utf8.lazy.filter { $0 == UInt8(ascii: "*") }.count
        guard values.count >= wildcards else { throw .missingPathParameters(expected: wildcards, provided: values.count) }
        var result = ""
        var next = 0
        for character in endpoint {
            if character == "*" {
                result += FormURLEncoder.percentEncode(try ParameterValue.resolve(values[next], in: event))
                next += 1
            } else {
                result.append(character)
            }
        }
        return result
    }
}
