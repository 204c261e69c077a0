/// `AuthParameters` of a connection, used both for requests (with secrets) and responses (redacted).
public struct ConnectionAuthParameters: Sendable, Equatable, Codable {
    /// `BasicAuthParameters {Username, Password}`.
    public var basicAuthParameters: BasicAuthParameters?
    /// `OAuthParameters {ClientParameters, AuthorizationEndpoint, HttpMethod, OAuthHttpParameters}`.
    public var oauthParameters: OAuthParameters?
    /// `ApiKeyAuthParameters {ApiKeyName, ApiKeyValue}`.
    public var apiKeyAuthParameters: ApiKeyAuthParameters?
    /// Headers, query parameters and body fields added to every invocation.
    public var invocationHttpParameters: ConnectionHttpParameters?

    /// Creates auth parameters.
    public init(
        basicAuthParameters: BasicAuthParameters? = nil, oauthParameters: OAuthParameters? = nil,
        apiKeyAuthParameters: ApiKeyAuthParameters? = nil, invocationHttpParameters: ConnectionHttpParameters? = nil
    ) {
        self.basicAuthParameters = basicAuthParameters
        self.oauthParameters = oauthParameters
        self.apiKeyAuthParameters = apiKeyAuthParameters
        self.invocationHttpParameters = invocationHttpParameters
    }

    /// A copy without secrets: no password, API key value or client secret, and no secret parameter values.
    public func redacted() -> ConnectionAuthParameters {
        var copy = self
        copy.basicAuthParameters?.password = nil
        copy.apiKeyAuthParameters?.apiKeyValue = nil
        if var oauth = copy.oauthParameters {
            oauth.clientParameters?.clientSecret = nil
            oauth.oauthHttpParameters = oauth.oauthHttpParameters?.redacted()
            copy.oauthParameters = oauth
        }
        copy.invocationHttpParameters = copy.invocationHttpParameters?.redacted()
        return copy
    }

    /// Returns these parameters with the members present in `update` replacing the stored ones.
    public func merging(_ update: ConnectionAuthParameters) -> ConnectionAuthParameters {
        var merged = self
        if let basic = update.basicAuthParameters {
            merged.basicAuthParameters = BasicAuthParameters(
                username: basic.username ?? basicAuthParameters?.username,
                password: basic.password ?? basicAuthParameters?.password
            )
        }
        if let key = update.apiKeyAuthParameters {
            merged.apiKeyAuthParameters = ApiKeyAuthParameters(
                apiKeyName: key.apiKeyName ?? apiKeyAuthParameters?.apiKeyName,
                apiKeyValue: key.apiKeyValue ?? apiKeyAuthParameters?.apiKeyValue
            )
        }
        if let oauth = update.oauthParameters {
            let old = oauthParameters
            merged.oauthParameters = OAuthParameters(
                clientParameters: OAuthClientParameters(
                    clientID: oauth.clientParameters?.clientID ?? old?.clientParameters?.clientID,
                    clientSecret: oauth.clientParameters?.clientSecret ?? old?.clientParameters?.clientSecret
                ),
                authorizationEndpoint: oauth.authorizationEndpoint ?? old?.authorizationEndpoint,
                httpMethod: oauth.httpMethod ?? old?.httpMethod,
                oauthHttpParameters: oauth.oauthHttpParameters ?? old?.oauthHttpParameters
            )
        }
        if let invocation = update.invocationHttpParameters { merged.invocationHttpParameters = invocation }
        return merged
    }

    enum CodingKeys: String, CodingKey {
        case basicAuthParameters = "BasicAuthParameters", oauthParameters = "OAuthParameters"
        case apiKeyAuthParameters = "ApiKeyAuthParameters", invocationHttpParameters = "InvocationHttpParameters"
    }
}

/// `BasicAuthParameters`.
public struct BasicAuthParameters: Sendable, Equatable, Codable {
    /// The user name.
    public var username: String?
    /// The password (secret).
    public var password: String?

    /// Creates Basic parameters.
    public init(username: String?, password: String?) {
        self.username = username
        self.password = password
    }

    enum CodingKeys: String, CodingKey { case username = "Username", password = "Password" }
}

/// `ApiKeyAuthParameters`.
public struct ApiKeyAuthParameters: Sendable, Equatable, Codable {
    /// The header name carrying the key.
    public var apiKeyName: String?
    /// The key (secret).
    public var apiKeyValue: String?

    /// Creates API key parameters.
    public init(apiKeyName: String?, apiKeyValue: String?) {
        self.apiKeyName = apiKeyName
        self.apiKeyValue = apiKeyValue
    }

    enum CodingKeys: String, CodingKey { case apiKeyName = "ApiKeyName", apiKeyValue = "ApiKeyValue" }
}

/// `OAuthParameters` for the client-credentials grant.
public struct OAuthParameters: Sendable, Equatable, Codable {
    /// Client id and secret.
    public var clientParameters: OAuthClientParameters?
    /// The token endpoint.
    public var authorizationEndpoint: String?
    /// `GET`, `POST` or `PUT`.
    public var httpMethod: String?
    /// Extra parameters sent to the token endpoint.
    public var oauthHttpParameters: ConnectionHttpParameters?

    /// Creates OAuth parameters.
    public init(
        clientParameters: OAuthClientParameters?, authorizationEndpoint: String?, httpMethod: String?,
        oauthHttpParameters: ConnectionHttpParameters? = nil
    ) {
        self.clientParameters = clientParameters
        self.authorizationEndpoint = authorizationEndpoint
        self.httpMethod = httpMethod
        self.oauthHttpParameters = oauthHttpParameters
    }

    enum CodingKeys: String, CodingKey {
        case clientParameters = "ClientParameters", authorizationEndpoint = "AuthorizationEndpoint"
        case httpMethod = "HttpMethod", oauthHttpParameters = "OAuthHttpParameters"
    }
}

/// `ClientParameters` of OAuth.
public struct OAuthClientParameters: Sendable, Equatable, Codable {
    /// The client id.
    public var clientID: String?
    /// The client secret (secret).
    public var clientSecret: String?

    /// Creates client parameters.
    public init(clientID: String?, clientSecret: String?) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    enum CodingKeys: String, CodingKey { case clientID = "ClientID", clientSecret = "ClientSecret" }
}

/// `ConnectionHttpParameters`: header, query-string and body parameters, each possibly secret.
public struct ConnectionHttpParameters: Sendable, Equatable, Codable {
    /// Header parameters.
    public var headerParameters: [ConnectionParameter]?
    /// Query-string parameters.
    public var queryStringParameters: [ConnectionParameter]?
    /// Body parameters.
    public var bodyParameters: [ConnectionParameter]?

    /// Creates HTTP parameters.
    public init(
        headerParameters: [ConnectionParameter]? = nil, queryStringParameters: [ConnectionParameter]? = nil,
        bodyParameters: [ConnectionParameter]? = nil
    ) {
        self.headerParameters = headerParameters
        self.queryStringParameters = queryStringParameters
        self.bodyParameters = bodyParameters
    }

    /// A copy with the values of secret parameters removed.
    public func redacted() -> ConnectionHttpParameters {
        func strip(_ list: [ConnectionParameter]?) -> [ConnectionParameter]? {
            list?.map { $0.isValueSecret == true ? ConnectionParameter(key: $0.key, value: nil, isValueSecret: true) : $0 }
        }
        return ConnectionHttpParameters(
            headerParameters: strip(headerParameters), queryStringParameters: strip(queryStringParameters),
            bodyParameters: strip(bodyParameters)
        )
    }

    enum CodingKeys: String, CodingKey {
        case headerParameters = "HeaderParameters", queryStringParameters = "QueryStringParameters"
        case bodyParameters = "BodyParameters"
    }
}

/// One key/value parameter of a connection; secret values are never returned.
public struct ConnectionParameter: Sendable, Equatable, Codable {
    /// The key.
    public var key: String?
    /// The value.
    public var value: String?
    /// Whether the value is secret.
    public var isValueSecret: Bool?

    /// Creates a parameter.
    public init(key: String?, value: String?, isValueSecret: Bool? = nil) {
        self.key = key
        self.value = value
        self.isValueSecret = isValueSecret
    }

    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value", isValueSecret = "IsValueSecret" }
}
