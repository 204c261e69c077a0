import HeraldJSON

/// What a target receives for a matched event: the event itself, a constant `Input`, the part selected
/// by `InputPath`, or an `InputTransformer`'s output.
public enum TargetInput: Sendable, Hashable {
    /// The whole event envelope (the default).
    case matchedEvent
    /// `Input`: constant JSON text (checked to be JSON), sent byte for byte as given, whitespace included.
    case constant(String)
    /// `InputPath`: the part of the event the path selects (JSON `null` when nothing matches).
    case path(JSONPath)
    /// `InputTransformer`.
    case transformer(InputTransformer)

    /// Builds the input from a target's optional `Input`, `InputPath` and `InputTransformer` members.
    ///
    /// - Throws: ``InputTransformError/conflictingInputs`` when more than one is given, or the validation
    ///   error of the one given.
    public init(input: String? = nil, inputPath: String? = nil, inputTransformer: InputTransformer? = nil)
        throws(InputTransformError)
    {
        let given = [input != nil, inputPath != nil, inputTransformer != nil].filter { $0 }.count
        guard given <= 1 else { throw .conflictingInputs }
        if let input {
            guard input.count <= InputTransformer.maximumTemplateLength else {
                throw .invalidInput("longer than \(InputTransformer.maximumTemplateLength) characters")
            }
            do {
                _ = try JSONValue(parsing: input)
                self = .constant(input)
            } catch {
                throw .invalidInput(error.description)
            }
        } else if let inputPath {
            self = .path(try InputTransformer.compilePath(inputPath))
        } else if let inputTransformer {
            self = .transformer(inputTransformer)
        } else {
            self = .matchedEvent
        }
    }

    /// The payload for one event.
    public func payload(for event: EventEnvelope, context: TransformContext) -> TransformedPayload {
        switch self {
        case .matchedEvent: return TransformedPayload(json: event.jsonValue)
        case .constant(let text): return TransformedPayload(jsonBytes: Array(text.utf8))
        case .path(let path): return TransformedPayload(json: path.evaluate(in: event.jsonValue) ?? .null)
        case .transformer(let transformer): return transformer.transform(event, context: context)
        }
    }
}
