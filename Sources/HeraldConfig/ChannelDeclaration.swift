import HeraldCatalog

/// A named channel declared in the `channels:` section: a provider account (or bot webhook) that targets reach with
/// `Channel: NAME`.
///
/// It expands into the API vocabulary: Twilio, Resend and Supabase channels become a connection holding the
/// credentials plus an API destination of the same name; DingTalk, Lark and Slack channels carry their webhook URL
/// (which is their credential) and signing secret into each target. Every secret must be a `${ENV}` reference.
public struct ChannelDeclaration: Sendable, Equatable {
    /// The channel name (also the name of its connection and API destination).
    public var name: String
    /// The preset type (`HeraldParameters.Channel.Type`), e.g. `twilio-sms`.
    public var type: String
    /// The generated connection (Twilio, Resend, Supabase).
    public var connection: ConnectionDeclaration?
    /// The generated API destination (Twilio, Resend, Supabase).
    public var apiDestination: ApiDestinationDeclaration?
    /// The bot webhook URL (DingTalk, Lark, Slack).
    public var webhookURL: String?
    /// The bot signing secret (DingTalk, Lark).
    public var secret: String?
    /// Default sender (Twilio `From`, Resend `from`).
    public var from: String?
    /// Twilio Messaging Service SID.
    public var messagingServiceSid: String?
    /// Default Supabase table.
    public var table: String?
    /// Default Supabase upsert conflict columns.
    public var onConflict: [String]?
    /// Default correlation id path of the channel's targets.
    public var correlationIdPath: String?
    /// Where the channel and its members are in the file.
    public var sources: SourceMap

    /// The keys every channel accepts.
    static let commonKeys = ["Name", "Type", "Description", "CorrelationIdPath"]
    /// The keys each family of types accepts besides ``commonKeys``.
    static func typeKeys(_ type: String) -> [String] {
        switch type {
        case "twilio-sms", "twilio-whatsapp": ["AccountSid", "AuthToken", "ApiKeySid", "From", "MessagingServiceSid", "BaseUrl", "RateLimit"]
        case "resend-email": ["ApiKey", "From", "BaseUrl", "RateLimit"]
        case "supabase-insert": ["Url", "ApiKey", "ServiceKey", "Table", "RateLimit"]
        case "supabase-upsert": ["Url", "ApiKey", "ServiceKey", "Table", "OnConflict", "RateLimit"]
        case "dingtalk", "lark": ["Webhook", "Secret"]
        default: ["Webhook"]
        }
    }

    /// Every key some channel type accepts.
    static let allKeys = commonKeys + [
        "AccountSid", "AuthToken", "ApiKeySid", "From", "MessagingServiceSid", "BaseUrl", "RateLimit", "ApiKey", "Url",
        "ServiceKey", "Table", "OnConflict", "Webhook", "Secret",
    ]

    /// Parses one channel; `entryName` is the mapping key when channels are given as a mapping of name to channel.
    static func parse(_ node: ConfigNode, name entryName: ConfigNode?) throws(ConfigError) -> ChannelDeclaration {
        let map = try node.mapping(allKeys)
        var sources = SourceMap(root: node.site)
        let name = try ResourceName.read(map, entryName: entryName, owner: node, maxLength: 64, sources: &sources)
        let typeNode = try map.require("Type")
        sources.record("type", typeNode)
        var type = try typeNode.string().lowercased()
        if type == "feishu" { type = "lark" }
        guard TargetChannel.types.contains(type) else {
            throw typeNode.error(.invalidValue, "must be one of \(TargetChannel.types.joined(separator: ", "))")
        }
        let allowed = Set((commonKeys + typeKeys(type)).map(SchemaKey.normalize))
        let entries = map.entries.values.sorted {
            ($0.keyNode.location?.line ?? 0, $0.keyNode.location?.column ?? 0) < ($1.keyNode.location?.line ?? 0, $1.keyNode.location?.column ?? 0)
        }
        for entry in entries
        where !allowed.contains(SchemaKey.normalize(entry.writtenKey)) {
            throw entry.keyNode.error(
                .unknownKey, "'\(entry.writtenKey)' does not apply to \(type) channels (expected one of: \((commonKeys + typeKeys(type)).joined(separator: ", ")))")
        }
        var channel = ChannelDeclaration(name: name, type: type, sources: sources)
        if let path = map["CorrelationIdPath"] {
            channel.correlationIdPath = try Self.path(path)
        }
        channel.from = try map["From"]?.nonEmptyString()
        channel.messagingServiceSid = try map["MessagingServiceSid"]?.nonEmptyString()
        channel.table = try map["Table"]?.nonEmptyString()
        if let columns = map["OnConflict"] { channel.onConflict = try columns.stringList() }
        let description = try map["Description"]?.string() ?? "Herald channel \(name) (\(type))"
        switch type {
        case "dingtalk", "lark", "slack":
            let webhook = try map.require("Webhook")
            channel.webhookURL = try Self.url(webhook, secret: true)
            if let secret = map["Secret"] { channel.secret = try WebhookSettings.secret(secret) }
        default:
            try channel.expand(map, node: node, description: description)
        }
        return channel
    }

    /// Builds the connection and API destination of a Twilio, Resend or Supabase channel.
    private mutating func expand(_ map: ConfigMapping, node: ConfigNode, description: String) throws(ConfigError) {
        var connectionSources = sources
        var destinationSources = sources
        var auth = ConnectionAuthParameters()
        let authorizationType: ConnectionAuthorizationType
        let endpoint: String
        let endpointNode: ConfigNode
        switch type {
        case "twilio-sms", "twilio-whatsapp":
            let sidNode = try map.require("AccountSid")
            let sid = try sidNode.nonEmptyString()
            guard sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw sidNode.error(.invalidValue, "must be an account SID (letters and digits, e.g. AC…)")
            }
            let tokenNode = try map.require("AuthToken")
            let user = try map["ApiKeySid"]?.nonEmptyString() ?? sid
            auth.basicAuthParameters = BasicAuthParameters(username: user, password: try WebhookSettings.secret(tokenNode))
            connectionSources.record("authParameters.basicAuthParameters", tokenNode)
            authorizationType = .basic
            endpointNode = map["BaseUrl"] ?? sidNode
            endpoint = try base(map, default: "https://api.twilio.com") + "/2010-04-01/Accounts/" + sid + "/Messages.json"
        case "resend-email":
            let keyNode = try map.require("ApiKey")
            auth.apiKeyAuthParameters = ApiKeyAuthParameters(apiKeyName: "Authorization", apiKeyValue: "Bearer " + (try WebhookSettings.secret(keyNode)))
            connectionSources.record("authParameters.apiKeyAuthParameters", keyNode)
            authorizationType = .apiKey
            endpointNode = map["BaseUrl"] ?? node
            endpoint = try base(map, default: "https://api.resend.com") + "/emails"
        default:
            let keyNode = try map.require("ApiKey")
            let key = try WebhookSettings.secret(keyNode)
            let serviceNode = map["ServiceKey"]
            let bearer = try serviceNode.map { node throws(ConfigError) in try WebhookSettings.secret(node) } ?? key
            // New `sb_secret_…`/`sb_publishable_…` keys are not JWTs: Supabase takes them in `apikey`, and
            // `Authorization` may only repeat the same value.
            if let serviceNode, bearer != key, key.hasPrefix("sb_") || bearer.hasPrefix("sb_") {
                throw serviceNode.error(
                    .invalidValue,
                    "an sb_… Supabase key must not be paired with a different key (Supabase refuses another value in Authorization): leave ServiceKey out, and the ApiKey is sent in both headers")
            }
            auth.apiKeyAuthParameters = ApiKeyAuthParameters(apiKeyName: "apikey", apiKeyValue: key)
            auth.invocationHttpParameters = ConnectionHttpParameters(headerParameters: [
                ConnectionParameter(key: "Authorization", value: "Bearer " + bearer, isValueSecret: true),
            ])
            connectionSources.record("authParameters", keyNode)
            authorizationType = .apiKey
            endpointNode = try map.require("Url")
            endpoint = try Self.url(endpointNode, secret: false) + "/rest/v1/*"
        }
        connection = ConnectionDeclaration(
            input: CreateConnectionInput(name: name, description: description, authorizationType: authorizationType.rawValue, authParameters: auth),
            sources: connectionSources)
        var input = ApiDestinationInput(name: name, description: description, invocationEndpoint: endpoint, httpMethod: "POST")
        destinationSources.record("invocationEndpoint", endpointNode)
        if let limit = map["RateLimit"] {
            destinationSources.record("invocationRateLimitPerSecond", limit)
            input.invocationRateLimitPerSecond = try limit.int(in: 1...Int(Int32.max))
        }
        apiDestination = ApiDestinationDeclaration(input: input, connectionName: name, sources: destinationSources)
    }

    /// `BaseUrl` (or `fallback`) without a trailing `/`.
    private func base(_ map: ConfigMapping, default fallback: String) throws(ConfigError) -> String {
        guard let node = map["BaseUrl"] else { return fallback }
        return try Self.url(node, secret: false)
    }

    /// An http(s) URL without trailing `/`; a secret URL must be a `${ENV}` reference.
    static func url(_ node: ConfigNode, secret: Bool) throws(ConfigError) -> String {
        var url = secret ? try WebhookSettings.secret(node) : try node.nonEmptyString()
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw node.error(.invalidValue, "must be an http:// or https:// URL")
        }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A JSONPath value (must start with `$`).
    static func path(_ node: ConfigNode) throws(ConfigError) -> String {
        let text = try node.nonEmptyString()
        guard MessageTemplate.isPath(text) else { throw node.error(.invalidValue, "a JSONPath must start with '$'") }
        return text
    }
}
