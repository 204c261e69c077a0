import HeraldCatalog

extension TargetDeclaration {
    /// The keys of the channel short form (`Channel: NAME` plus the message).
    static let channelKeys = [
        "Channel", "CorrelationIdPath", "Fields", "To", "Body", "From", "MessagingServiceSid", "MediaUrl", "Subject", "Html",
        "Text", "ReplyTo", "Cc", "Bcc", "Table", "Row", "OnConflict", "MsgType", "Title", "AtMobiles", "AtAll", "ButtonTitle",
        "ButtonUrl", "Blocks",
    ]

    /// The message keys each channel type accepts.
    static func messageKeys(_ type: String) -> [String] {
        switch type {
        case "twilio-sms", "twilio-whatsapp": ["To", "Body", "From", "MessagingServiceSid", "MediaUrl"]
        case "resend-email": ["To", "Subject", "Html", "Text", "From", "ReplyTo", "Cc", "Bcc"]
        case "supabase-insert": ["Table", "Row"]
        case "supabase-upsert": ["Table", "Row", "OnConflict"]
        case "dingtalk": ["MsgType", "Title", "Text", "AtMobiles", "AtAll", "ButtonTitle", "ButtonUrl"]
        case "lark": ["MsgType", "Title", "Text"]
        default: ["Text", "Blocks"]
        }
    }

    /// Keys of the long form that a channel target must not have (the channel is its destination).
    private static let destinationKeys = ["Arn", "Url", "ApiDestination", "Method", "HttpParameters", "Headers", "Query"]

    /// Parses a target written as `Channel: NAME` with its message (`To`, `Body`, … or `Input*`).
    static func parseChannel(
        _ map: ConfigMapping, channelNode: ConfigNode, id: String, channels: [String: ChannelDeclaration], sources: SourceMap
    ) throws(ConfigError) -> TargetDeclaration {
        var sources = sources
        let name = try channelNode.nonEmptyString()
        guard let channel = channels[name] else {
            let known = channels.keys.sorted()
            throw channelNode.error(
                .invalidValue,
                "channel '\(name)' is not declared in channels:" + (known.isEmpty ? "" : " (declared: \(known.joined(separator: ", ")))"))
        }
        if let key = destinationKeys.first(where: { map[$0] != nil }), let node = map.entries[key]?.keyNode {
            throw node.error(.invalidValue, "'\(key)' cannot be combined with Channel: the channel is the target's destination")
        }
        let allowed = Set((["Channel", "CorrelationIdPath", "Fields"] + messageKeys(channel.type)).map(SchemaKey.normalize))
        if let stray = channelKeys.first(where: { map[$0] != nil && !allowed.contains(SchemaKey.normalize($0)) }),
            let node = map.entries[stray]?.keyNode
        {
            throw node.error(
                .unknownKey, "'\(stray)' does not apply to \(channel.type) channels (message keys: \(messageKeys(channel.type).joined(separator: ", ")))")
        }
        sources.record("arn", channelNode)
        sources.record("heraldParameters.channel", channelNode)
        var target = Target(id: id, arn: channel.webhookURL ?? "")
        target.roleArn = try map["RoleArn"]?.string()

        var settings = TargetChannel(type: channel.type, correlationIdPath: channel.correlationIdPath)
        if let path = map["CorrelationIdPath"] {
            sources.record("heraldParameters.channel.correlationIdPath", path)
            settings.correlationIdPath = try ChannelDeclaration.path(path)
        }
        if channel.type.hasPrefix("twilio-") {
            settings.from = channel.from
            settings.messagingServiceSid = channel.messagingServiceSid
        } else if channel.type == "resend-email" {
            settings.from = channel.from
        }
        if channel.type == "supabase-upsert" {
            if let columns = map["OnConflict"] {
                sources.record("heraldParameters.channel.onConflict", columns)
                settings.onConflict = try columns.stringList()
            } else {
                settings.onConflict = channel.onConflict
            }
        }
        if channel.type.hasPrefix("supabase-") {
            let tableNode = map["Table"]
            guard let table = try tableNode?.nonEmptyString() ?? channel.table else {
                throw map.owner.error(.missingKey, "missing required key 'Table' (the channel \(name) names no default table)")
            }
            if let tableNode { sources.record("httpParameters.pathParameterValues", tableNode) }
            target.httpParameters = HttpParameters(pathParameterValues: [table])
        }

        let message = try ChannelMessage.template(type: channel.type, map: map)
        if let message {
            if let input = ["Input", "InputPath", "InputTransformer", "InputTemplate", "InputPaths"].first(where: { map[$0] != nil }),
                let node = map.entries[input]?.keyNode
            {
                throw node.error(.invalidValue, "give either the message keys (\(messageKeys(channel.type).joined(separator: ", "))) or \(input), not both")
            }
            sources.record("inputTransformer", message.site)
            guard message.template.count <= 8192 else {
                throw map.owner.error(.invalidValue, "the message is longer than the 8192 characters of an InputTemplate")
            }
            target.inputTransformer = InputTransformer(
                inputPathsMap: message.paths.isEmpty ? nil : message.paths, inputTemplate: message.template)
        } else {
            try parsePayload(map, into: &target, sources: &sources)
            if target.input == nil, target.inputPath == nil, target.inputTransformer == nil {
                guard channel.type.hasPrefix("supabase-") else {
                    throw map.owner.error(
                        .missingKey, "a \(channel.type) target needs its message: \(messageKeys(channel.type).joined(separator: ", ")) (or an InputTransformer)")
                }
                target.inputPath = "$.detail"
            }
        }
        try parseRetry(map, into: &target, sources: &sources)
        if let dead = map["DeadLetterConfig"] {
            let arn = try dead.mapping(["Arn"]).require("Arn")
            sources.record("deadLetterConfig.arn", arn)
            target.deadLetterConfig = DeadLetterConfig(arn: try arn.nonEmptyString())
        }
        try parseHerald(map, into: &target, sources: &sources)
        var herald = target.heraldParameters ?? HeraldTargetParameters()
        if herald.channel != nil, let node = map["HeraldParameters"] {
            throw node.error(.invalidValue, "Channel: \(name) already sets HeraldParameters.Channel; remove it here")
        }
        herald.channel = settings
        if let secret = channel.secret {
            if herald.signing != nil, let node = map["HeraldParameters"] {
                throw node.error(.invalidValue, "the channel \(name) already signs its requests; remove HeraldParameters.Signing")
            }
            herald.signing = BotSigning(type: channel.type, secret: secret)
        }
        target.heraldParameters = herald
        let destination = channel.apiDestination == nil ? nil : channel.name
        return TargetDeclaration(target: target, apiDestinationName: destination, sources: sources)
    }
}
