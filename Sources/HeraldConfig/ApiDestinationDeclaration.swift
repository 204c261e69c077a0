import HeraldCatalog

/// An API destination declared in the file; its connection may be named instead of given by ARN.
public struct ApiDestinationDeclaration: Sendable, Equatable {
    /// The `CreateApiDestination` request (`connectionArn` empty until ``connectionName`` is resolved).
    public var input: ApiDestinationInput
    /// Set when the connection was given as `Connection: NAME`.
    public var connectionName: String?
    /// Where the destination and its members are in the file.
    public var sources: SourceMap

    /// Creates a declaration.
    public init(input: ApiDestinationInput, connectionName: String?, sources: SourceMap) {
        self.input = input
        self.connectionName = connectionName
        self.sources = sources
    }

    /// The destination name.
    public var name: String { input.name ?? "" }

    /// Parses one API destination.
    static func parse(_ node: ConfigNode, name entryName: ConfigNode?) throws(ConfigError) -> ApiDestinationDeclaration {
        let map = try node.mapping([
            "Name", "Description", "ConnectionArn", "Connection", "InvocationEndpoint", "Endpoint", "Url", "HttpMethod",
            "Method", "InvocationRateLimitPerSecond", "RateLimit",
        ])
        var sources = SourceMap(root: node.site)
        let name = try ResourceName.read(map, entryName: entryName, owner: node, maxLength: 64, sources: &sources)
        var input = ApiDestinationInput(name: name)
        var connectionName: String?
        if let arn = try map.first("ConnectionArn", "Connection") {
            sources.record("connectionArn", arn)
            if map["ConnectionArn"] != nil { input.connectionArn = try arn.nonEmptyString() } else { connectionName = try arn.nonEmptyString() }
        } else {
            throw node.error(.missingKey, "missing required key 'Connection' (a connection name) or 'ConnectionArn'")
        }
        guard let endpoint = try map.first("InvocationEndpoint", "Endpoint", "Url") else {
            throw node.error(.missingKey, "missing required key 'InvocationEndpoint'")
        }
        sources.record("invocationEndpoint", endpoint)
        let url = try endpoint.nonEmptyString()
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw endpoint.error(.invalidValue, "must be an http:// or https:// URL")
        }
        input.invocationEndpoint = url
        if let method = try map.first("HttpMethod", "Method") {
            sources.record("httpMethod", method)
            let value = try method.string().uppercased()
            guard ApiDestination.httpMethods.contains(value) else {
                throw method.error(.invalidValue, "must be one of \(ApiDestination.httpMethods.joined(separator: ", "))")
            }
            input.httpMethod = value
        } else {
            input.httpMethod = "POST"
        }
        if let limit = try map.first("InvocationRateLimitPerSecond", "RateLimit") {
            sources.record("invocationRateLimitPerSecond", limit)
            input.invocationRateLimitPerSecond = try limit.int(in: 1...Int(Int32.max))
        }
        if let description = map["Description"] {
            sources.record("description", description)
            input.description = try description.string()
        }
        return ApiDestinationDeclaration(input: input, connectionName: connectionName, sources: sources)
    }
}
