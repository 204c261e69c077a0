import Yams
import HeraldCatalog

/// A connection declared in the file (credentials usually given as `${ENV}` references).
public struct ConnectionDeclaration: Sendable, Equatable {
    /// The `CreateConnection` request (secrets resolved from the environment).
    public var input: CreateConnectionInput
    /// Where the connection and its members are in the file.
    public var sources: SourceMap

    /// Creates a declaration.
    public init(input: CreateConnectionInput, sources: SourceMap) {
        self.input = input
        self.sources = sources
    }

    /// The connection name.
    public var name: String { input.name ?? "" }

    /// Parses one connection.
    static func parse(_ node: ConfigNode, name entryName: ConfigNode?) throws(ConfigError) -> ConnectionDeclaration {
        let map = try node.mapping(["Name", "Description", "AuthorizationType", "AuthParameters", "KmsKeyIdentifier"])
        var sources = SourceMap(root: node.site)
        let name = try ResourceName.read(map, entryName: entryName, owner: node, maxLength: 64, sources: &sources)
        let authNode = try map.require("AuthParameters")
        sources.record("authParameters", authNode)
        let auth = try parseAuth(authNode, sources: &sources)
        var type: String
        if let typeNode = map["AuthorizationType"] {
            sources.record("authorizationType", typeNode)
            type = try typeNode.string().uppercased()
            guard ConnectionAuthorizationType(rawValue: type) != nil else {
                throw typeNode.error(.invalidValue, "must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS")
            }
        } else {
            let inferred = [
                auth.apiKeyAuthParameters.map { _ in ConnectionAuthorizationType.apiKey },
                auth.basicAuthParameters.map { _ in ConnectionAuthorizationType.basic },
                auth.oauthParameters.map { _ in ConnectionAuthorizationType.oauthClientCredentials },
            ].compactMap { $0 }
            guard inferred.count == 1, let only = inferred.first else {
                throw node.error(.missingKey, "missing AuthorizationType (it can be left out only when AuthParameters has exactly one of ApiKeyAuthParameters, BasicAuthParameters, OAuthParameters)")
            }
            type = only.rawValue
        }
        var input = CreateConnectionInput(name: name, authorizationType: type, authParameters: auth)
        if let description = map["Description"] {
            sources.record("description", description)
            input.description = try description.string()
        }
        if let kms = map["KmsKeyIdentifier"] {
            sources.record("kmsKeyIdentifier", kms)
            input.kmsKeyIdentifier = try kms.string()
        }
        return ConnectionDeclaration(input: input, sources: sources)
    }

    /// Parses `AuthParameters`.
    private static func parseAuth(_ node: ConfigNode, sources: inout SourceMap) throws(ConfigError) -> ConnectionAuthParameters {
        let map = try node.mapping(["BasicAuthParameters", "ApiKeyAuthParameters", "OAuthParameters", "InvocationHttpParameters"])
        var auth = ConnectionAuthParameters()
        let prefix = "authParameters"
        if let basic = map["BasicAuthParameters"] {
            sources.record("\(prefix).basicAuthParameters", basic)
            let inner = try basic.mapping(["Username", "Password"])
            let username = try inner.require("Username")
            let password = try inner.require("Password")
            sources.record("\(prefix).basicAuthParameters.username", username)
            sources.record("\(prefix).basicAuthParameters.password", password)
            auth.basicAuthParameters = BasicAuthParameters(username: try username.string(), password: try password.string())
        }
        if let key = map["ApiKeyAuthParameters"] {
            sources.record("\(prefix).apiKeyAuthParameters", key)
            let inner = try key.mapping(["ApiKeyName", "ApiKeyValue"])
            let keyName = try inner.require("ApiKeyName")
            let keyValue = try inner.require("ApiKeyValue")
            sources.record("\(prefix).apiKeyAuthParameters.apiKeyName", keyName)
            sources.record("\(prefix).apiKeyAuthParameters.apiKeyValue", keyValue)
            auth.apiKeyAuthParameters = ApiKeyAuthParameters(apiKeyName: try keyName.string(), apiKeyValue: try keyValue.string())
        }
        if let oauth = map["OAuthParameters"] {
            sources.record("\(prefix).oAuthParameters", oauth)
            let inner = try oauth.mapping(["ClientParameters", "AuthorizationEndpoint", "HttpMethod", "OAuthHttpParameters"])
            let client = try inner.require("ClientParameters")
            sources.record("\(prefix).oAuthParameters.clientParameters", client)
            let clientMap = try client.mapping(["ClientID", "ClientSecret"])
            let endpoint = try inner.require("AuthorizationEndpoint")
            sources.record("\(prefix).oAuthParameters.authorizationEndpoint", endpoint)
            let method = try inner.require("HttpMethod")
            sources.record("\(prefix).oAuthParameters.httpMethod", method)
            var parameters = OAuthParameters(
                clientParameters: OAuthClientParameters(
                    clientID: try clientMap.require("ClientID").string(), clientSecret: try clientMap.require("ClientSecret").string()
                ),
                authorizationEndpoint: try endpoint.string(), httpMethod: try method.string().uppercased()
            )
            if let http = inner["OAuthHttpParameters"] {
                sources.record("\(prefix).oAuthParameters.oAuthHttpParameters", http)
                parameters.oauthHttpParameters = try parseHttpParameters(http)
            }
            auth.oauthParameters = parameters
        }
        if let invocation = map["InvocationHttpParameters"] {
            sources.record("\(prefix).invocationHttpParameters", invocation)
            auth.invocationHttpParameters = try parseHttpParameters(invocation)
        }
        return auth
    }

    /// Parses connection HTTP parameters: lists of `{Key, Value, IsValueSecret}`, or mappings of key to value.
    private static func parseHttpParameters(_ node: ConfigNode) throws(ConfigError) -> ConnectionHttpParameters {
        let map = try node.mapping(["HeaderParameters", "QueryStringParameters", "BodyParameters"])
        func list(_ key: String) throws(ConfigError) -> [ConnectionParameter]? {
            guard let value = map[key] else { return nil }
            if case .mapping = value.node {
                return try value.rawMapping().map { entry throws(ConfigError) in
                    ConnectionParameter(key: entry.key, value: try entry.value.string())
                }
            }
            var parameters: [ConnectionParameter] = []
            for item in try value.sequence() {
                let inner = try item.mapping(["Key", "Value", "IsValueSecret"])
                parameters.append(ConnectionParameter(
                    key: try inner.require("Key").string(), value: try inner.require("Value").string(),
                    isValueSecret: try inner["IsValueSecret"]?.bool()
                ))
            }
            return parameters
        }
        return ConnectionHttpParameters(
            headerParameters: try list("HeaderParameters"), queryStringParameters: try list("QueryStringParameters"),
            bodyParameters: try list("BodyParameters")
        )
    }
}
