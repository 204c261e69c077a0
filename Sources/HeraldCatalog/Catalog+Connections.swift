extension Catalog {
    /// `CreateConnection`. Herald marks the connection `AUTHORIZED` at once (OAuth tokens are fetched on first use).
    /// - Throws: `ValidationException`, `ResourceAlreadyExistsException`, `LimitExceededException`.
    public func createConnection(_ input: CreateConnectionInput) throws(CatalogError) -> Connection {
        var v = ShapeValidator()
        v.string(input.name, "name", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        v.string(input.description, "description", max: 512)
        v.string(input.authorizationType, "authorizationType", required: true)
        v.enumeration(input.authorizationType, "authorizationType", allowed: ConnectionAuthorizationType.allCases.map(\.rawValue))
        v.required(input.authParameters, "authParameters")
        v.string(input.kmsKeyIdentifier, "kmsKeyIdentifier", max: 2048, pattern: ModelPattern.kmsKeyIdentifier)
        if let auth = input.authParameters { Self.validateAuthShape(auth, into: &v) }
        try v.check()
        guard let name = input.name, let rawType = input.authorizationType,
            let type = ConnectionAuthorizationType(rawValue: rawType), let auth = input.authParameters
        else { throw .validation("Name, AuthorizationType and AuthParameters are required.") }
        try Self.requireParameters(auth, for: type)
        guard state.connections[name] == nil else { throw .resourceAlreadyExists("Connection \(name) already exists.") }
        guard state.connections.count < configuration.maxConnections else {
            throw .limitExceeded("The requested resource exceeds the maximum number allowed (\(configuration.maxConnections) connections).")
        }
        let time = now()
        let id = makeID()
        let connection = Connection(
            name: name, arn: arns.connection(name, id: id), description: input.description, authorizationType: type,
            authParameters: auth, state: .authorized, secretArn: arns.connectionSecret(name, id: id),
            kmsKeyIdentifier: input.kmsKeyIdentifier, creationTime: time, lastModifiedTime: time, lastAuthorizedTime: time
        )
        try saveConnection(connection)
        return connection
    }

    /// `DescribeConnection`: the full record; callers must return only ``Connection/redactedAuthParameters``.
    public func describeConnection(name: String?) throws(CatalogError) -> Connection {
        try requireConnection(name)
    }

    /// `UpdateConnection`: merges the given members into the stored connection and re-authorizes it.
    public func updateConnection(_ input: UpdateConnectionInput) throws(CatalogError) -> Connection {
        var v = ShapeValidator()
        v.string(input.name, "name", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        v.string(input.description, "description", max: 512)
        v.enumeration(input.authorizationType, "authorizationType", allowed: ConnectionAuthorizationType.allCases.map(\.rawValue))
        v.string(input.kmsKeyIdentifier, "kmsKeyIdentifier", max: 2048, pattern: ModelPattern.kmsKeyIdentifier)
        if let auth = input.authParameters { Self.validateAuthShape(auth, into: &v) }
        try v.check()
        var connection = try requireConnection(input.name)
        if let raw = input.authorizationType, let type = ConnectionAuthorizationType(rawValue: raw) {
            connection.authorizationType = type
        }
        if let auth = input.authParameters { connection.authParameters = connection.authParameters.merging(auth) }
        try Self.requireParameters(connection.authParameters, for: connection.authorizationType)
        if let description = input.description { connection.description = description }
        if let kms = input.kmsKeyIdentifier { connection.kmsKeyIdentifier = kms }
        let time = now()
        connection.state = .authorized
        connection.stateReason = nil
        connection.lastModifiedTime = time
        connection.lastAuthorizedTime = time
        try saveConnection(connection)
        return connection
    }

    /// `DeleteConnection`: removes it and returns its last state as `DELETING`.
    public func deleteConnection(name: String?) throws(CatalogError) -> Connection {
        var connection = try requireConnection(name)
        var next = state
        next.connections[connection.name] = nil
        try commit(next, [CatalogRecords.key(connection: connection.name): nil])
        connection.state = .deleting
        return connection
    }

    /// `DeauthorizeConnection`: removes the connection's secrets (password, API key value, client secret, secret
    /// parameter values) from the store and marks it `DEAUTHORIZED`: deliveries through it fail (dead-lettered, so they
    /// can be redriven) until `UpdateConnection` gives the secrets again.
    public func deauthorizeConnection(name: String?) throws(CatalogError) -> Connection {
        var connection = try requireConnection(name)
        connection.authParameters = connection.authParameters.redacted()
        connection.state = .deauthorized
        connection.stateReason = "Deauthorized by request."
        connection.lastModifiedTime = now()
        try saveConnection(connection)
        return connection
    }

    /// Records a state change observed by the delivery engine (e.g. an OAuth token request failing).
    public func setConnectionState(name: String, state newState: ConnectionState, reason: String?) throws(CatalogError) {
        var connection = try requireConnection(name)
        guard connection.state != newState || connection.stateReason != reason else { return }
        connection.state = newState
        connection.stateReason = reason
        connection.lastModifiedTime = now()
        if newState == .authorized { connection.lastAuthorizedTime = connection.lastModifiedTime }
        try saveConnection(connection)
    }

    /// `ListConnections`, filtered by name prefix and state, sorted by name.
    public func listConnections(namePrefix: String?, state connectionState: String?, page: PageRequest) throws(CatalogError) -> Page<Connection> {
        var v = ShapeValidator()
        v.string(namePrefix, "namePrefix", min: 1, max: 64, pattern: ModelPattern.name)
        v.enumeration(connectionState, "connectionState", allowed: ConnectionState.allCases.map(\.rawValue))
        try v.check()
        let items = state.connections.values
            .filter { $0.name.hasPrefix(namePrefix ?? "") && (connectionState == nil || $0.state.rawValue == connectionState) }
            .sorted { $0.name < $1.name }
        return try Paginator.page(items, key: \.name, page)
    }

    private func saveConnection(_ connection: Connection) throws(CatalogError) {
        var next = state
        next.connections[connection.name] = connection
        try commit(next, [CatalogRecords.key(connection: connection.name): try CatalogRecords.encode(connection)])
    }

    func requireConnection(_ name: String?) throws(CatalogError) -> Connection {
        var v = ShapeValidator()
        v.string(name, "name", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        try v.check()
        guard let name, let connection = state.connections[name] else {
            throw .resourceNotFound("Failed to describe the connection(s). Connection '\(name ?? "")' does not exist.")
        }
        return connection
    }

    private static func requireParameters(_ auth: ConnectionAuthParameters, for type: ConnectionAuthorizationType) throws(CatalogError) {
        switch type {
        case .basic:
            guard let basic = auth.basicAuthParameters, basic.username != nil, basic.password != nil else {
                throw .validation("BasicAuthParameters with Username and Password are required for authorization type BASIC.")
            }
        case .apiKey:
            guard let key = auth.apiKeyAuthParameters, key.apiKeyName != nil, key.apiKeyValue != nil else {
                throw .validation("ApiKeyAuthParameters with ApiKeyName and ApiKeyValue are required for authorization type API_KEY.")
            }
        case .oauthClientCredentials:
            guard let oauth = auth.oauthParameters, oauth.clientParameters?.clientID != nil,
                oauth.clientParameters?.clientSecret != nil, oauth.authorizationEndpoint != nil, oauth.httpMethod != nil
            else {
                throw .validation(
                    "OAuthParameters with ClientParameters (ClientID, ClientSecret), AuthorizationEndpoint and HttpMethod are required for authorization type OAUTH_CLIENT_CREDENTIALS."
                )
            }
        }
    }

    private static func validateAuthShape(_ auth: ConnectionAuthParameters, into v: inout ShapeValidator) {
        let p = "authParameters"
        let header = ModelPattern.authHeaderParameter
        v.string(auth.basicAuthParameters?.username, "\(p).basicAuthParameters.username", min: 1, max: 512, pattern: header)
        v.string(auth.basicAuthParameters?.password, "\(p).basicAuthParameters.password", min: 1, max: 512, pattern: header)
        v.string(auth.apiKeyAuthParameters?.apiKeyName, "\(p).apiKeyAuthParameters.apiKeyName", min: 1, max: 512, pattern: header)
        v.string(auth.apiKeyAuthParameters?.apiKeyValue, "\(p).apiKeyAuthParameters.apiKeyValue", min: 1, max: 512, pattern: header)
        if let oauth = auth.oauthParameters {
            v.string(oauth.clientParameters?.clientID, "\(p).oAuthParameters.clientParameters.clientID", min: 1, max: 512, pattern: header)
            v.string(oauth.clientParameters?.clientSecret, "\(p).oAuthParameters.clientParameters.clientSecret", min: 1, max: 512, pattern: header)
            v.string(oauth.authorizationEndpoint, "\(p).oAuthParameters.authorizationEndpoint", min: 1, max: 2048, pattern: ModelPattern.httpsEndpoint)
            v.enumeration(oauth.httpMethod, "\(p).oAuthParameters.httpMethod", allowed: ["GET", "POST", "PUT"])
            validateHttpParameters(oauth.oauthHttpParameters, "\(p).oAuthParameters.oAuthHttpParameters", into: &v)
        }
        validateHttpParameters(auth.invocationHttpParameters, "\(p).invocationHttpParameters", into: &v)
    }

    private static func validateHttpParameters(_ parameters: ConnectionHttpParameters?, _ path: String, into v: inout ShapeValidator) {
        guard let parameters else { return }
        v.count(parameters.headerParameters?.count, "\(path).headerParameters", max: 100)
        v.count(parameters.queryStringParameters?.count, "\(path).queryStringParameters", max: 100)
        v.count(parameters.bodyParameters?.count, "\(path).bodyParameters", max: 100)
        for (i, item) in (parameters.headerParameters ?? []).enumerated() {
            v.string(item.key, "\(path).headerParameters.\(i + 1).member.key", max: 512, pattern: ModelPattern.headerKey)
            v.string(item.value, "\(path).headerParameters.\(i + 1).member.value", max: 512, pattern: ModelPattern.headerValue)
        }
        for (i, item) in (parameters.queryStringParameters ?? []).enumerated() {
            v.string(item.key, "\(path).queryStringParameters.\(i + 1).member.key", max: 512, pattern: ModelPattern.queryStringKey)
            v.string(item.value, "\(path).queryStringParameters.\(i + 1).member.value", max: 512, pattern: ModelPattern.queryStringValue)
        }
    }
}
