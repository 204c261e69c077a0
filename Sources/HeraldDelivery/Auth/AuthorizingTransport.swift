/// A ``DeliveryTransport`` that adds a connection's authorization to every request before handing it to
/// the underlying transport.
///
/// For `OAUTH_CLIENT_CREDENTIALS`, a request refused with 401 or 407 triggers one token refresh
/// (single-flight, see ``OAuthTokenProvider``) and is then sent once more (after ``ResendPacing/gate``, the sender's
/// rate limit); the second answer is returned
/// whatever it is. A token that cannot be obtained is reported as a
/// ``TransportError/Kind/authorizationFailed`` error (retryable by default).
public struct AuthorizingTransport<C: Clock>: DeliveryTransport where C.Duration == Duration, C.Instant: Sendable {
    private let authorization: ConnectionAuthorization
    private let base: any DeliveryTransport
    /// The token provider of an OAuth connection (shared by all copies of this transport).
    public let tokenProvider: OAuthTokenProvider<C>?

    /// Creates the transport for one connection.
    ///
    /// - Parameters:
    ///   - authorization: the connection's authorization.
    ///   - transport: sends the requests (and the OAuth token requests).
    ///   - clock: measures OAuth token lifetimes.
    public init(authorization: ConnectionAuthorization, transport: any DeliveryTransport, clock: C) {
        self.authorization = authorization
        self.base = transport
        if case .oauthClientCredentials(let credentials) = authorization {
            self.tokenProvider = OAuthTokenProvider(credentials: credentials, transport: transport, clock: clock)
        } else {
            self.tokenProvider = nil
        }
    }

    /// Authorizes and sends `request`.
    public func send(_ request: DeliveryRequest) async -> Result<DeliveryResponse, TransportError> {
        var request = request
        switch authorization {
        case .apiKey(let name, let value):
            request.headers[name] = value.value
            return await base.send(request)
        case .basic(let username, let password):
            request.headers["Authorization"] = Base64.basicAuthorization(username: username, password: password.value)
            return await base.send(request)
        case .oauthClientCredentials:
            guard let tokenProvider else { return await base.send(request) }
            var token: Secret
            switch await tokenProvider.token() {
            case .success(let value): token = value
            case .failure(let error): return .failure(TransportError(kind: .authorizationFailed, message: error.description))
            }
            request.headers["Authorization"] = "Bearer " + token.value
            let first = await base.send(request)
            guard case .success(let response) = first, response.statusCode == 401 || response.statusCode == 407 else {
                return first
            }
            switch await tokenProvider.token(replacing: token) {
            case .success(let value): token = value
            case .failure(let error): return .failure(TransportError(kind: .authorizationFailed, message: error.description))
            }
            request.headers["Authorization"] = "Bearer " + token.value
            // A second request to the destination: it waits for the sender's rate limit like the first did.
            await ResendPacing.gate?()
            return await base.send(request)
        }
    }
}
