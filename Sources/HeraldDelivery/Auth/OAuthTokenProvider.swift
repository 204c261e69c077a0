import HeraldEvents
import HeraldJSON

/// Fetches and caches the bearer token of an `OAUTH_CLIENT_CREDENTIALS` connection.
///
/// - The token is cached until `expires_in` minus a safety margin (tokens without `expires_in` are kept
///   until a request is refused with 401/407).
/// - Refreshes are single-flight: concurrent callers needing a token wait for the one request in flight.
/// - ``token(replacing:)`` refreshes only if the cached token is the one that was refused, so N requests
///   failing together with the same stale token cause one refresh, not N.
public actor OAuthTokenProvider<C: Clock> where C.Duration == Duration, C.Instant: Sendable {
    private struct CachedToken {
        let value: Secret
        let expiresAt: C.Instant?
    }

    private let credentials: OAuthClientCredentials
    private let transport: any DeliveryTransport
    private let clock: C
    private let expiryMargin: Duration
    private let requestTimeout: Duration
    private var cached: CachedToken?
    private var fetching = false
    private var waiters: [CheckedContinuation<Result<Secret, AuthorizationError>, Never>] = []
    private var fetchCount = 0

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - credentials: the connection's OAuth parameters.
    ///   - transport: sends the token request.
    ///   - clock: measures token lifetimes.
    ///   - expiryMargin: how long before `expires_in` runs out a token is refreshed (default 30 s).
    ///   - requestTimeout: the token request's timeout (default 5 s).
    public init(credentials: OAuthClientCredentials, transport: any DeliveryTransport, clock: C, expiryMargin: Duration = .seconds(30), requestTimeout: Duration = .seconds(5)) {
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.expiryMargin = expiryMargin
        self.requestTimeout = requestTimeout
    }

    /// How many token requests were sent (for metrics and tests).
    public var tokenRequestCount: Int { fetchCount }

    /// A valid token: the cached one unless it expired, or is `stale` (the token a request was refused
    /// with), in which case a new one is fetched.
    public func token(replacing stale: Secret? = nil) async -> Result<Secret, AuthorizationError> {
        if let cached, cached.value != stale, cached.expiresAt.map({ clock.now < $0 }) ?? true {
            return .success(cached.value)
        }
        if fetching {
            return await withCheckedContinuation { waiters.append($0) }
        }
        fetching = true
        let result = await fetch()
        fetching = false
        switch result {
        case .success(let token): cached = token
        case .failure: cached = nil
        }
        let outcome = result.map(\.value)
        let pending = waiters
        waiters = []
        for waiter in pending { waiter.resume(returning: outcome) }
        return outcome
    }

    /// Forgets the cached token.
    public func invalidate() {
        cached = nil
    }

    private func fetch() async -> Result<CachedToken, AuthorizationError> {
        fetchCount += 1
        let parameters = credentials.oauthHttpParameters
        var headers = HTTPFields()
        for parameter in parameters.headerParameters { headers[parameter.key] = parameter.value.value }
        headers["Authorization"] = Base64.basicAuthorization(username: credentials.clientID, password: credentials.clientSecret.value)
        headers["Accept"] = "application/json"
        var bodyPairs = parameters.bodyParameters.map { ($0.key, $0.value.value) }
        if !bodyPairs.contains(where: { $0.0 == "grant_type" }) { bodyPairs.insert(("grant_type", "client_credentials"), at: 0) }
        var url = URLQuery.appending(parameters.queryStringParameters.map { ($0.key, $0.value.value) }, to: credentials.authorizationEndpoint)
        var body: [UInt8] = []
        if credentials.httpMethod == "GET" {
            url = URLQuery.appending(bodyPairs, to: url)
        } else {
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = Array(bodyPairs.map { FormURLEncoder.percentEncode($0.0) + "=" + FormURLEncoder.percentEncode($0.1) }.joined(separator: "&").utf8)
        }
        var request = DeliveryRequest(method: credentials.httpMethod, url: url, headers: headers, body: body, timeout: requestTimeout)
        request.responseBodyLimit = 64 * 1024
        let requestedAt = clock.now
        switch await transport.send(request) {
        case .failure(let error):
            return .failure(.tokenRequestFailed(error))
        case .success(let response):
            guard response.isSuccess else { return .failure(.tokenEndpointStatus(response.statusCode)) }
            guard let json = try? JSONValue(parsing: response.bodyExcerpt) else {
                return .failure(.invalidTokenResponse("not JSON (or longer than the excerpt limit)"))
            }
            guard case .string(let token)? = json["access_token"], !token.isEmpty else {
                return .failure(.invalidTokenResponse("no access_token"))
            }
            var expiresAt: C.Instant?
            if let seconds = json["expires_in"]?.doubleValue ?? json["expires_in"]?.stringValue.flatMap(Double.init), seconds > 0 {
                let lifetime = Duration.nanoseconds(Int64(min(seconds, 1e9) * 1e9))
                expiresAt = requestedAt.advanced(by: max(.zero, lifetime - expiryMargin))
            }
            return .success(CachedToken(value: Secret(token), expiresAt: expiresAt))
        }
    }
}
