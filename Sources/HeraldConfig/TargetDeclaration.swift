import HeraldCatalog

/// A rule target declared in the file: the catalog ``Target`` plus the name of an API destination to resolve.
public struct TargetDeclaration: Sendable, Equatable {
    /// The target; its `arn` is empty until ``apiDestinationName`` is resolved at apply time.
    public var target: Target
    /// Set when the target was given as `ApiDestination: NAME` (resolved to that destination's ARN on apply).
    public var apiDestinationName: String?
    /// Where the target and its members are in the file.
    public var sources: SourceMap

    /// Creates a declaration.
    public init(target: Target, apiDestinationName: String? = nil, sources: SourceMap) {
        self.target = target
        self.apiDestinationName = apiDestinationName
        self.sources = sources
    }

    /// Every key a target mapping accepts: the EventBridge members and Herald's short forms.
    static let keys = [
        "Id", "Arn", "RoleArn", "Input", "InputPath", "InputTransformer", "HttpParameters", "DeadLetterConfig",
        "RetryPolicy", "SqsParameters", "HeraldParameters",
        "Url", "ApiDestination", "Method", "Headers", "Query", "Retry", "InputTemplate", "InputPaths", "Timeout",
    ]

    /// Parses one entry of a rule's `Targets`; `channels` are the file's named channels (for `Channel: NAME`).
    static func parse(_ node: ConfigNode, channels: [String: ChannelDeclaration] = [:]) throws(ConfigError) -> TargetDeclaration {
        let map = try node.mapping(keys + channelKeys)
        var sources = SourceMap(root: node.site)
        let idNode = try map.require("Id")
        let id = try idNode.string()
        try Names.check(id, at: idNode, maxLength: 64)
        sources.record("id", idNode)
        if let channel = map["Channel"] {
            return try parseChannel(map, channelNode: channel, id: id, channels: channels, sources: sources)
        }
        if let stray = channelKeys.first(where: { map[$0] != nil }), let strayNode = map.entries[stray]?.keyNode {
            throw strayNode.error(.invalidValue, "'\(stray)' applies only to targets with Channel: NAME")
        }
        var target = Target(id: id, arn: "")
        var apiDestinationName: String?

        let destinations = ["Arn", "Url", "ApiDestination"].filter { map[$0] != nil }
        guard destinations.count == 1, let kind = destinations.first, let destination = map[kind] else {
            let message = destinations.isEmpty
                ? "a target needs one of Arn, Url or ApiDestination"
                : "give only one of \(destinations.joined(separator: ", "))"
            throw node.error(destinations.isEmpty ? .missingKey : .invalidValue, message)
        }
        sources.record("arn", destination)
        switch kind {
        case "Url":
            let url = try destination.nonEmptyString()
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw destination.error(.invalidValue, "must be an http:// or https:// URL")
            }
            target.arn = url
        case "ApiDestination":
            apiDestinationName = try destination.nonEmptyString()
        default:
            target.arn = try destination.nonEmptyString()
        }
        if let method = map["Method"] {
            guard kind == "Url" else { throw method.error(.invalidValue, "Method applies only to Url targets (an API destination has its own HttpMethod)") }
            guard try method.string().uppercased() == "POST" else {
                throw method.error(.invalidValue, "Url targets are sent with POST; declare an api_destination for other methods")
            }
        }
        target.roleArn = try map["RoleArn"]?.string()
        try parsePayload(map, into: &target, sources: &sources)
        if [target.input != nil, target.inputPath != nil, target.inputTransformer != nil].filter({ $0 }).count > 1 {
            throw node.error(.invalidValue, "only one of Input, InputPath or InputTransformer may be given")
        }
        try parseHttp(map, into: &target, sources: &sources)
        try parseRetry(map, into: &target, sources: &sources)
        if let dead = map["DeadLetterConfig"] {
            let dlq = try dead.mapping(["Arn"])
            let arn = try dlq.require("Arn")
            sources.record("deadLetterConfig.arn", arn)
            target.deadLetterConfig = DeadLetterConfig(arn: try arn.nonEmptyString())
        }
        if let sqs = map["SqsParameters"] {
            let parameters = try sqs.mapping(["MessageGroupId"])
            target.sqsParameters = SqsParameters(messageGroupId: try parameters["MessageGroupId"]?.string())
        }
        try parseHerald(map, into: &target, sources: &sources)
        return TargetDeclaration(target: target, apiDestinationName: apiDestinationName, sources: sources)
    }

    /// `Input`, `InputPath`, `InputTransformer` and the short forms `InputTemplate` / `InputPaths`.
    static func parsePayload(_ map: ConfigMapping, into target: inout Target, sources: inout SourceMap) throws(ConfigError) {
        if let input = map["Input"] {
            sources.record("input", input)
            target.input = try input.jsonText("Input")
        }
        if let path = map["InputPath"] {
            sources.record("inputPath", path)
            let value = try path.string()
            guard value.hasPrefix("$") else { throw path.error(.invalidValue, "a JSONPath must start with '$'") }
            target.inputPath = value
        }
        let templateNode: ConfigNode?
        let pathsNode: ConfigNode?
        if let transformer = map["InputTransformer"] {
            if let short = map["InputTemplate"] ?? map["InputPaths"] {
                throw short.error(.invalidValue, "give either InputTransformer or InputTemplate/InputPaths, not both")
            }
            sources.record("inputTransformer", transformer)
            let inner = try transformer.mapping(["InputPathsMap", "InputTemplate"])
            templateNode = try inner.require("InputTemplate")
            pathsNode = inner["InputPathsMap"]
        } else {
            templateNode = map["InputTemplate"]
            pathsNode = map["InputPaths"]
            if let pathsNode, templateNode == nil {
                throw pathsNode.error(.missingKey, "InputPaths needs an InputTemplate")
            }
        }
        guard let templateNode else { return }
        sources.record("inputTransformer.inputTemplate", templateNode)
        let template = try templateNode.string()
        guard !template.isEmpty, template.count <= 8192 else {
            throw templateNode.error(.invalidValue, "must be 1...8192 characters")
        }
        var paths: [String: String]?
        if let pathsNode {
            sources.record("inputTransformer.inputPathsMap", pathsNode)
            var map: [String: String] = [:]
            for entry in try pathsNode.rawMapping() {
                let path = try entry.value.string()
                guard !entry.key.hasPrefix("aws.") else {
                    throw entry.keyNode.error(.invalidValue, "names may not start with 'aws.' (reserved)")
                }
                guard path.hasPrefix("$") else { throw entry.value.error(.invalidValue, "a JSONPath must start with '$'") }
                map[entry.key] = path
            }
            guard map.count <= 100 else { throw pathsNode.error(.invalidValue, "at most 100 entries") }
            paths = map
        }
        target.inputTransformer = InputTransformer(inputPathsMap: paths, inputTemplate: template)
    }
}
