import HeraldEvents
import HeraldJSON

/// An API destination: where and how requests are sent (`InvocationEndpoint`, `HttpMethod`,
/// `InvocationRateLimitPerSecond`).
public struct ApiDestination: Sendable, Hashable {
    /// The HTTP methods EventBridge allows.
    public static let allowedMethods: Set<String> = ["POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]

    /// The destination's name.
    public var name: String
    /// `InvocationEndpoint`: an `http://` or `https://` URL; each `*` is filled from the target's
    /// `PathParameterValues` in order. (EventBridge requires HTTPS; Herald also accepts plain HTTP.)
    public var invocationEndpoint: String
    /// `HttpMethod`.
    public var httpMethod: String
    /// `InvocationRateLimitPerSecond` (default 300).
    public var invocationRateLimitPerSecond: Int

    /// Validates a destination.
    ///
    /// - Throws: ``RequestBuildError/invalidEndpoint(_:)``, ``RequestBuildError/invalidMethod(_:)`` or
    ///   ``RequestBuildError/invalidRateLimit(_:)``.
    public init(name: String, invocationEndpoint: String, httpMethod: String = "POST", invocationRateLimitPerSecond: Int = 300)
        throws(RequestBuildError)
    {
        guard URLQuery.isHTTPURL(invocationEndpoint) else { throw .invalidEndpoint(invocationEndpoint) }
        let method = httpMethod.uppercased()
        guard Self.allowedMethods.contains(method) else { throw .invalidMethod(httpMethod) }
        guard invocationRateLimitPerSecond >= 1 else { throw .invalidRateLimit(invocationRateLimitPerSecond) }
        self.name = name
        self.invocationEndpoint = invocationEndpoint
        self.httpMethod = method
        self.invocationRateLimitPerSecond = invocationRateLimitPerSecond
    }
}

/// A target's `HttpParameters`. Any value may be a JSONPath (`$.detail.id`), resolved against the
/// original event (not the transformed payload) when the request is built.
public struct TargetHttpParameters: Sendable, Hashable {
    /// `PathParameterValues`: fill the endpoint's `*` wildcards in order.
    public var pathParameterValues: [String]
    /// `HeaderParameters`.
    public var headerParameters: [String: String]
    /// `QueryStringParameters`.
    public var queryStringParameters: [String: String]

    /// Creates parameters (all empty by default).
    public init(pathParameterValues: [String] = [], headerParameters: [String: String] = [:], queryStringParameters: [String: String] = [:]) {
        self.pathParameterValues = pathParameterValues
        self.headerParameters = headerParameters
        self.queryStringParameters = queryStringParameters
    }

    /// Checks that every JSONPath value parses (call at PutTargets time).
    ///
    /// - Throws: ``RequestBuildError/invalidParameterPath(_:reason:)``.
    public func validate() throws(RequestBuildError) {
        for value in pathParameterValues + headerParameters.values.sorted() + queryStringParameters.values.sorted() {
            _ = try ParameterValue.compile(value)
        }
    }
}

/// Why a request could not be built; every case is permanent (retrying cannot fix it).
public enum RequestBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The endpoint is not an absolute http(s) URL.
    case invalidEndpoint(String)
    /// The method is not one EventBridge allows.
    case invalidMethod(String)
    /// The rate limit is below 1.
    case invalidRateLimit(Int)
    /// The endpoint has more `*` than `PathParameterValues` supplies.
    case missingPathParameters(expected: Int, provided: Int)
    /// A parameter value looks like a JSONPath but does not parse.
    case invalidParameterPath(String, reason: String)
    /// The target asks for a form-encoded body the payload cannot become.
    case formEncoding(FormEncodingError)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidEndpoint(let url): return "InvocationEndpoint \(url) is not an absolute http(s) URL"
        case .invalidMethod(let method): return "HttpMethod \(method) is not one of GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE"
        case .invalidRateLimit(let rate): return "InvocationRateLimitPerSecond must be at least 1, not \(rate)"
        case .missingPathParameters(let expected, let provided):
            return "InvocationEndpoint has \(expected) '*' path parameters but PathParameterValues has \(provided)"
        case .invalidParameterPath(let path, let reason): return "HttpParameters value \(path) is not a valid JSONPath: \(reason)"
        case .formEncoding(let error): return "cannot form-encode the payload: \(error)"
        }
    }

    /// The failure to record when a request for an event cannot be built (dead-letter it).
    public var failureReason: FailureReason { FailureReason(message: description) }
}

/// A parameter value: literal text or a JSONPath into the event.
enum ParameterValue {
    static func compile(_ text: String) throws(RequestBuildError) -> JSONPath? {
        guard text == "$" || text.hasPrefix("$.") || text.hasPrefix("$[") else { return nil }
        do {
            return try JSONPath(parsing: text)
        } catch {
            throw .invalidParameterPath(text, reason: error.description)
        }
    }

    /// The value's text for `event` (a JSONPath selecting nothing gives "").
    static func resolve(_ text: String, in event: EventEnvelope) throws(RequestBuildError) -> String {
        guard let path = try compile(text) else { return text }
        switch path.evaluate(in: event) {
        case nil, .null?: return ""
        case .string(let value)?: return value
        case .number(let number)?: return number.literal
        case .bool(let flag)?: return flag ? "true" : "false"
        case let value?: return value.jsonText
        }
    }
}
