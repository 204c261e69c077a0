import HeraldCatalog

extension TargetDeclaration {
    /// `HttpParameters` and the short forms `Headers` / `Query`.
    static func parseHttp(_ map: ConfigMapping, into target: inout Target, sources: inout SourceMap) throws(ConfigError) {
        if let http = map["HttpParameters"] {
            if let short = map["Headers"] ?? map["Query"] {
                throw short.error(.invalidValue, "give either HttpParameters or Headers/Query, not both")
            }
            sources.record("httpParameters", http)
            let inner = try http.mapping(["PathParameterValues", "HeaderParameters", "QueryStringParameters"])
            var parameters = HttpParameters()
            if let values = inner["PathParameterValues"] {
                sources.record("httpParameters.pathParameterValues", values)
                parameters.pathParameterValues = try values.stringList()
            }
            if let headers = inner["HeaderParameters"] {
                sources.record("httpParameters.headerParameters", headers)
                parameters.headerParameters = try headers.stringMap()
            }
            if let query = inner["QueryStringParameters"] {
                sources.record("httpParameters.queryStringParameters", query)
                parameters.queryStringParameters = try query.stringMap()
            }
            target.httpParameters = parameters
            return
        }
        let headers = map["Headers"]
        let query = map["Query"]
        guard headers != nil || query != nil else { return }
        var parameters = HttpParameters()
        if let headers {
            sources.record("httpParameters.headerParameters", headers)
            parameters.headerParameters = try headers.stringMap()
        }
        if let query {
            sources.record("httpParameters.queryStringParameters", query)
            parameters.queryStringParameters = try query.stringMap()
        }
        target.httpParameters = parameters
    }

    /// `RetryPolicy` and the short form `Retry: {Attempts, MaxAge}`; ranges are checked here (0...185, 60...86400).
    static func parseRetry(_ map: ConfigMapping, into target: inout Target, sources: inout SourceMap) throws(ConfigError) {
        let attemptsNode: ConfigNode?
        let ageNode: ConfigNode?
        if let policy = map["RetryPolicy"] {
            if let short = map["Retry"] { throw short.error(.invalidValue, "give either RetryPolicy or Retry, not both") }
            sources.record("retryPolicy", policy)
            let inner = try policy.mapping(["MaximumRetryAttempts", "MaximumEventAgeInSeconds"])
            attemptsNode = inner["MaximumRetryAttempts"]
            ageNode = inner["MaximumEventAgeInSeconds"]
        } else if let retry = map["Retry"] {
            sources.record("retryPolicy", retry)
            let inner = try retry.mapping(["Attempts", "MaxAge"])
            attemptsNode = inner["Attempts"]
            ageNode = inner["MaxAge"]
        } else {
            return
        }
        var policy = RetryPolicy()
        if let attemptsNode {
            sources.record("retryPolicy.maximumRetryAttempts", attemptsNode)
            policy.maximumRetryAttempts = try attemptsNode.int(in: 0...185)
        }
        if let ageNode {
            sources.record("retryPolicy.maximumEventAgeInSeconds", ageNode)
            let seconds = try Durations.seconds(ageNode)
            guard (60...86_400).contains(seconds) else { throw ageNode.error(.invalidValue, "must be 60...86400 seconds") }
            policy.maximumEventAgeInSeconds = seconds
        }
        target.retryPolicy = policy
    }

    /// `HeraldParameters` and the short form `Timeout` (seconds, or `500ms`, `5s`, `1m`).
    static func parseHerald(_ map: ConfigMapping, into target: inout Target, sources: inout SourceMap) throws(ConfigError) {
        var parameters = HeraldTargetParameters()
        var timeoutNode = map["Timeout"]
        if let herald = map["HeraldParameters"] {
            sources.record("heraldParameters", herald)
            let inner = try herald.mapping(["MaxConcurrency", "OrderingKeyPath", "RequestTimeoutSeconds", "Signing", "Channel"])
            if let channel = inner["Channel"] {
                sources.record("heraldParameters.channel", channel)
                parameters.channel = try parseChannelSetting(channel)
            }
            if let signing = inner["Signing"] {
                sources.record("heraldParameters.signing", signing)
                let fields = try signing.mapping(["Type", "Secret"])
                guard let typeNode = fields["Type"], let secretNode = fields["Secret"] else {
                    throw signing.error(.invalidValue, "Signing needs Type (dingtalk or lark) and Secret")
                }
                let type = try typeNode.string().lowercased()
                guard BotSigning.types.contains(type) || type == "feishu" else {
                    throw typeNode.error(.invalidValue, "must be dingtalk or lark (feishu)")
                }
                parameters.signing = BotSigning(type: type == "feishu" ? "lark" : type, secret: try secretNode.nonEmptyString())
            }
            if let concurrency = inner["MaxConcurrency"] {
                sources.record("heraldParameters.maxConcurrency", concurrency)
                parameters.maxConcurrency = try concurrency.int(in: 1...10_000)
            }
            if let key = inner["OrderingKeyPath"] {
                let path = try key.string()
                guard path.hasPrefix("$") else { throw key.error(.invalidValue, "a JSONPath must start with '$'") }
                parameters.orderingKeyPath = path
            }
            if let timeout = inner["RequestTimeoutSeconds"] {
                if let short = timeoutNode { throw short.error(.invalidValue, "give either Timeout or HeraldParameters.RequestTimeoutSeconds") }
                timeoutNode = timeout
            }
        }
        if let timeoutNode {
            sources.record("heraldParameters.requestTimeoutSeconds", timeoutNode)
            let seconds = try Durations.fractionalSeconds(timeoutNode)
            guard seconds > 0 && seconds <= 300 else { throw timeoutNode.error(.invalidValue, "must be in (0, 300] seconds") }
            parameters.requestTimeoutSeconds = seconds
        }
        if parameters != HeraldTargetParameters() { target.heraldParameters = parameters }
    }
}

extension TargetDeclaration {
    /// `HeraldParameters.Channel {Type, CorrelationIdPath, From, MessagingServiceSid, OnConflict}` in the API's
    /// vocabulary (the catalog checks which members apply to which type).
    static func parseChannelSetting(_ node: ConfigNode) throws(ConfigError) -> TargetChannel {
        let fields = try node.mapping(["Type", "CorrelationIdPath", "From", "MessagingServiceSid", "OnConflict"])
        let typeNode = try fields.require("Type")
        var type = try typeNode.string().lowercased()
        if type == "feishu" { type = "lark" }
        guard TargetChannel.types.contains(type) else {
            throw typeNode.error(.invalidValue, "must be one of \(TargetChannel.types.joined(separator: ", "))")
        }
        var channel = TargetChannel(type: type)
        if let path = fields["CorrelationIdPath"] { channel.correlationIdPath = try ChannelDeclaration.path(path) }
        channel.from = try fields["From"]?.nonEmptyString()
        channel.messagingServiceSid = try fields["MessagingServiceSid"]?.nonEmptyString()
        if let columns = fields["OnConflict"] { channel.onConflict = try columns.stringList() }
        return channel
    }
}
