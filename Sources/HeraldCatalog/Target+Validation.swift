import HeraldEvents
import HeraldJSON

extension Target {
    /// Checks the service-model constraints of a `TargetList` member; violations fail the whole request.
    static func validateShape(_ target: Target, _ path: String, into v: inout ShapeValidator) {
        v.string(target.id, "\(path).id", min: 1, max: 64, pattern: ModelPattern.name)
        v.string(target.arn, "\(path).arn", min: 1, max: 1600)
        v.string(target.roleArn, "\(path).roleArn", min: 1, max: 1600)
        v.string(target.input, "\(path).input", max: 8192)
        v.string(target.inputPath, "\(path).inputPath", max: 256)
        if let transformer = target.inputTransformer {
            v.string(transformer.inputTemplate, "\(path).inputTransformer.inputTemplate", min: 1, max: 8192)
            v.count(transformer.inputPathsMap?.count, "\(path).inputTransformer.inputPathsMap", max: 100, map: true)
            for (key, value) in (transformer.inputPathsMap ?? [:]).sorted(by: { $0.key < $1.key }) {
                v.string(key, "\(path).inputTransformer.inputPathsMap.key", min: 1, max: 256, pattern: ModelPattern.inputTransformerPathKey)
                v.string(value, "\(path).inputTransformer.inputPathsMap.value", max: 256)
            }
        }
        if let http = target.httpParameters {
            for (key, value) in (http.headerParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
                v.string(key, "\(path).httpParameters.headerParameters.key", max: 512, pattern: ModelPattern.headerKey)
                v.string(value, "\(path).httpParameters.headerParameters.value", max: 512, pattern: ModelPattern.headerValue)
            }
            for (key, value) in (http.queryStringParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
                v.string(key, "\(path).httpParameters.queryStringParameters.key", max: 512, pattern: ModelPattern.queryStringKey)
                v.string(value, "\(path).httpParameters.queryStringParameters.value", max: 512, pattern: ModelPattern.queryStringValue)
            }
            for (index, value) in (http.pathParameterValues ?? []).enumerated() {
                v.string(value, "\(path).httpParameters.pathParameterValues.\(index + 1).member", pattern: #"^(?!\s*$).+"#)
            }
        }
        v.string(target.deadLetterConfig?.arn, "\(path).deadLetterConfig.arn", min: 1, max: 1600)
        v.integer(target.retryPolicy?.maximumRetryAttempts, "\(path).retryPolicy.maximumRetryAttempts", min: 0, max: 185)
        v.integer(target.retryPolicy?.maximumEventAgeInSeconds, "\(path).retryPolicy.maximumEventAgeInSeconds", min: 60, max: 86_400)
        v.string(target.sqsParameters?.messageGroupId, "\(path).sqsParameters.messageGroupId", max: 100)
        if let herald = target.heraldParameters {
            v.integer(herald.maxConcurrency, "\(path).heraldParameters.maxConcurrency", min: 1, max: 10_000)
            if let channel = herald.channel {
                let base = "\(path).heraldParameters.channel"
                v.string(channel.type, "\(base).type", min: 1, max: 64)
                v.string(channel.correlationIdPath, "\(base).correlationIdPath", min: 1, max: 256)
                v.string(channel.from, "\(base).from", min: 1, max: 320)
                v.string(channel.messagingServiceSid, "\(base).messagingServiceSid", min: 1, max: 64)
                v.count(channel.onConflict?.count, "\(base).onConflict", max: 32)
            }
        }
    }

    /// Checks the rules EventBridge applies to one target beyond its shape; a problem fails only this entry.
    /// - Returns: the error message, or nil when the target is acceptable.
    func semanticProblem() -> String? {
        if TargetURLRedaction.holdsMask(arn) {
            return "Arn for target \(id) holds a masked secret (\(BotSigning.redacted)) as ListTargetsByRule shows it; send the real webhook URL."
        }
        let inputs = [input != nil, inputPath != nil, inputTransformer != nil].filter { $0 }.count
        if inputs > 1 {
            return "Only one of Input, InputPath, or InputTransformer must be provided for target \(id)."
        }
        if let input, !Self.isJSON(input) {
            return "Input for target \(id) is not a valid JSON text."
        }
        if let inputPath, !inputPath.hasPrefix("$") {
            return "InputPath for target \(id) is invalid: a JSONPath must start with '$'."
        }
        if let transformer = inputTransformer {
            for (key, path) in (transformer.inputPathsMap ?? [:]).sorted(by: { $0.key < $1.key }) {
                if key.hasPrefix("aws.") {
                    return "InputTransformer for target \(id) is invalid: key '\(key)' uses the reserved prefix 'aws.'."
                }
                if !path.hasPrefix("$") {
                    return "InputTransformer for target \(id) is invalid: path '\(path)' must start with '$'."
                }
            }
        }
        // The full checks, as delivery compiles the input: placeholders the map does not define, a placeholder as an
        // object key, paths that do not parse. A target accepted here must be one its worker can run: otherwise the
        // events its rule matches would go nowhere.
        do throws(InputTransformError) {
            let transformer = try inputTransformer.map { given throws(InputTransformError) in
                try HeraldEvents.InputTransformer(inputPathsMap: given.inputPathsMap ?? [:], inputTemplate: given.inputTemplate)
            }
            _ = try TargetInput(input: input, inputPath: inputPath, inputTransformer: transformer)
        } catch {
            return error.message(targetId: id)
        }
        if let path = heraldParameters?.orderingKeyPath, !path.hasPrefix("$") {
            return "HeraldParameters.OrderingKeyPath for target \(id) is invalid: a JSONPath must start with '$'."
        }
        if let path = heraldParameters?.orderingKeyPath, (try? JSONPath(parsing: path)) == nil {
            return "HeraldParameters.OrderingKeyPath for target \(id) is not a valid JSONPath: \(path)."
        }
        if let herald = heraldParameters, let timeout = herald.requestTimeoutSeconds, !(timeout > 0 && timeout <= 300) {
            return "HeraldParameters.RequestTimeoutSeconds for target \(id) must be in (0, 300]."
        }
        if let channel = heraldParameters?.channel,
            let problem = channel.problem(targetId: id, arn: arn, signing: heraldParameters?.signing)
        {
            return problem
        }
        if let path = heraldParameters?.channel?.correlationIdPath, (try? JSONPath(parsing: path)) == nil {
            return "HeraldParameters.Channel.CorrelationIdPath for target \(id) is not a valid JSONPath: \(path)."
        }
        if let signing = heraldParameters?.signing {
            guard BotSigning.types.contains(signing.type) else {
                return "HeraldParameters.Signing.Type for target \(id) must be one of \(BotSigning.types.joined(separator: ", ")), not \(signing.type)."
            }
            guard !signing.secret.isEmpty, signing.secret != BotSigning.redacted else {
                return "HeraldParameters.Signing.Secret for target \(id) must be the robot's signing secret."
            }
        }
        return nil
    }

    /// Whether `text` is a JSON text (any value, as EventBridge accepts for `Input`).
    static func isJSON(_ text: String) -> Bool {
        (try? JSONValue(parsing: text)) != nil
    }
}
