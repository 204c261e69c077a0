/// How a connection authorizes requests (`AuthorizationType` + `AuthParameters`).
public enum ConnectionAuthorization: Sendable, Hashable {
    /// `API_KEY`: the header `name: value`.
    case apiKey(name: String, value: Secret)
    /// `BASIC`: `Authorization: Basic base64(username:password)`.
    case basic(username: String, password: Secret)
    /// `OAUTH_CLIENT_CREDENTIALS`: a bearer token from the authorization endpoint.
    case oauthClientCredentials(OAuthClientCredentials)

    /// EventBridge's `AuthorizationType` string.
    public var authorizationType: String {
        switch self {
        case .apiKey: return "API_KEY"
        case .basic: return "BASIC"
        case .oauthClientCredentials: return "OAUTH_CLIENT_CREDENTIALS"
        }
    }
}

/// `OAuthParameters` of an `OAUTH_CLIENT_CREDENTIALS` connection.
///
/// The token request is `HttpMethod AuthorizationEndpoint` with `Authorization: Basic
/// base64(client_id:client_secret)`, the `OAuthHttpParameters` headers and query parameters, and a
/// form-encoded body of its body parameters, to which `grant_type=client_credentials` is added when
/// absent. The answer must be JSON with `access_token` and optionally `expires_in` (seconds).
public struct OAuthClientCredentials: Sendable, Hashable {
    /// `AuthorizationEndpoint`: the token URL.
    public var authorizationEndpoint: String
    /// `HttpMethod` of the token request (`GET`, `POST` or `PUT`).
    public var httpMethod: String
    /// `ClientParameters.ClientID`.
    public var clientID: String
    /// `ClientParameters.ClientSecret`.
    public var clientSecret: Secret
    /// `OAuthHttpParameters`: extra parameters of the token request.
    public var oauthHttpParameters: ConnectionHttpParameters

    /// Creates OAuth parameters.
    public init(authorizationEndpoint: String, httpMethod: String = "POST", clientID: String, clientSecret: Secret, oauthHttpParameters: ConnectionHttpParameters = .init()) {
        self.authorizationEndpoint = authorizationEndpoint
        self.httpMethod = httpMethod.uppercased()
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.oauthHttpParameters = oauthHttpParameters
    }
}

/// A connection: its authorization and the parameters it adds to every invocation.
public struct Connection: Sendable, Hashable {
    /// The connection's name.
    public var name: String
    /// How requests are authorized.
    public var authorization: ConnectionAuthorization
    /// `InvocationHttpParameters`.
    public var invocationHttpParameters: ConnectionHttpParameters

    /// Creates a connection.
    public init(name: String, authorization: ConnectionAuthorization, invocationHttpParameters: ConnectionHttpParameters = .init()) {
        self.name = name
        self.authorization = authorization
        self.invocationHttpParameters = invocationHttpParameters
    }
}
