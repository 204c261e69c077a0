import HeraldJSON

/// EventBridge's `InputTransformer`: variables read from the event with JSONPaths (`InputPathsMap`) are
/// substituted into `InputTemplate`.
///
/// Semantics (checked against the EventBridge user guide and AWS-recorded behaviour):
/// - At most 100 variables; names are 1–256 characters of `[A-Za-z0-9_-]` and may not start with `aws.`.
/// - Predefined variables: `<aws.events.rule-arn>`, `<aws.events.rule-name>`,
///   `<aws.events.event.ingestion-time>` (ISO 8601), `<aws.events.event>` (the event without `detail`,
///   with `detail-type` written as `detailType`) and `<aws.events.event.json>` (the whole event).
/// - A template placeholder that is neither a variable nor predefined is a validation error, as is a
///   placeholder inside an object key of a JSON template.
/// - If the template is JSON, a placeholder inside a string receives the value's text JSON-escaped
///   (objects/arrays without their quotes); a bare placeholder receives the value as JSON; a path that
///   matches nothing gives `""` in both places. A template that is not JSON is rendered as plain text.
public struct InputTransformer: Sendable, Hashable {
    /// One `InputPathsMap` entry.
    public struct Variable: Sendable, Hashable {
        /// The variable's name, used as `<name>` in the template.
        public let name: String
        /// Where its value comes from in the event.
        public let path: JSONPath
    }

    /// The predefined variable names.
    public static let predefinedNames: Set<String> = [
        "aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event",
        "aws.events.event.json",
    ]
    /// The maximum number of `InputPathsMap` entries.
    public static let maximumVariables = 100
    /// The maximum length of `InputTemplate`.
    public static let maximumTemplateLength = 8192
    /// The maximum length of a JSONPath.
    public static let maximumPathLength = 256

    /// The variables, sorted by name.
    public let variables: [Variable]
    /// The template text as configured.
    public let inputTemplate: String
    private let template: InputTemplate
    private let pathsByName: [String: JSONPath]

    /// Validates and compiles a transformer.
    ///
    /// - Parameters:
    ///   - inputPathsMap: variable name → JSONPath into the event.
    ///   - inputTemplate: the template with `<name>` placeholders.
    /// - Throws: ``InputTransformError`` for the first rule broken.
    public init(inputPathsMap: [String: String] = [:], inputTemplate: String) throws(InputTransformError) {
        guard inputPathsMap.count <= Self.maximumVariables else { throw .tooManyVariables(inputPathsMap.count) }
        var variables: [Variable] = []
        for (name, pathText) in inputPathsMap.sorted(by: { $0.key < $1.key }) {
            if name.lowercased().hasPrefix("aws.") { throw .reservedVariableName(name) }
            guard !name.isEmpty, name.utf8.count <= 256,
                name.utf8.allSatisfy({ InputTemplate.isNameCharacter($0) && $0 != UInt8(ascii: ".") })
            else { throw .invalidVariableName(name) }
            variables.append(Variable(name: name, path: try Self.compilePath(pathText)))
        }
        let length = inputTemplate.count
        guard length >= 1, length <= Self.maximumTemplateLength else { throw .invalidTemplateLength(length) }
        let template = InputTemplate(inputTemplate)
        let known = Set(variables.map(\.name))
        for name in template.placeholderNames where !known.contains(name) && !Self.predefinedNames.contains(name) {
            throw .undefinedPlaceholder(name)
        }
        if template.isJSON, let key = template.keyPlaceholders.first { throw .placeholderAsObjectKey(key) }
        self.variables = variables
        self.inputTemplate = inputTemplate
        self.template = template
        self.pathsByName = Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0.path) })
    }

    /// Whether the template is JSON (so the output is JSON), rather than plain text.
    public var producesJSON: Bool { template.isJSON }

    /// Renders the template for one event.
    public func transform(_ event: EventEnvelope, context: TransformContext) -> TransformedPayload {
        var cachedJSON: JSONValue?
        func eventJSON() -> JSONValue {
            if let cachedJSON { return cachedJSON }
            let value = event.jsonValue
            cachedJSON = value
            return value
        }
        let bytes = template.render { name in
            if let path = pathsByName[name] { return path.needsWholeEvent ? path.evaluate(in: eventJSON()) : path.evaluate(in: event) }
            switch name {
            case "aws.events.rule-arn": return .string(context.ruleArn)
            case "aws.events.rule-name": return .string(context.ruleName)
            case "aws.events.event.ingestion-time": return .string(context.ingestionTime.iso8601String)
            case "aws.events.event": return Self.eventWithoutDetail(event)
            case "aws.events.event.json": return eventJSON()
            default: return nil
            }
        }
        return TransformedPayload(renderedBytes: bytes, isJSON: template.isJSON)
    }

    /// `<aws.events.event>`: the envelope without `detail`, `detail-type` renamed `detailType`
    /// (member order as EventBridge writes it).
    static func eventWithoutDetail(_ event: EventEnvelope) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(event.id)),
            ("account", .string(event.account)),
            ("detailType", .string(event.detailType)),
            ("time", .string(event.time.iso8601String)),
            ("source", .string(event.source)),
            ("region", .string(event.region)),
            ("resources", .array(event.resources.map(JSONValue.string))),
            ("version", .string(event.version)),
        ]
        if let replayName = event.replayName { members.append(("replay-name", .string(replayName))) }
        return .object(JSONObject(members))
    }

    static func compilePath(_ text: String) throws(InputTransformError) -> JSONPath {
        guard text.count <= maximumPathLength else {
            throw .invalidPath(path: text, reason: "longer than \(maximumPathLength) characters")
        }
        do {
            return try JSONPath(parsing: text)
        } catch {
            throw .invalidPath(path: text, reason: error.description)
        }
    }
}
