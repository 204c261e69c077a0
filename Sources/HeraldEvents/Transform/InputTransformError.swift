/// Why a target's `Input`, `InputPath` or `InputTransformer` is invalid (answered as a
/// `ValidationException` by PutTargets).
public enum InputTransformError: Error, Sendable, Hashable {
    /// More than one of `Input`, `InputPath` and `InputTransformer` was given.
    case conflictingInputs
    /// `Input` is not valid JSON text (or is longer than 8192 characters).
    case invalidInput(String)
    /// A JSONPath is malformed or longer than 256 characters.
    case invalidPath(path: String, reason: String)
    /// `InputPathsMap` has more than 100 entries.
    case tooManyVariables(Int)
    /// A variable name is empty, longer than 256 characters or uses characters outside `[A-Za-z0-9_-]`.
    case invalidVariableName(String)
    /// A variable name starts with `aws.` (reserved for predefined variables).
    case reservedVariableName(String)
    /// `InputTemplate` is empty or longer than 8192 characters.
    case invalidTemplateLength(Int)
    /// `InputTemplate` uses `<name>` where `name` is neither a variable nor predefined.
    case undefinedPlaceholder(String)
    /// A JSON `InputTemplate` uses a placeholder inside an object key.
    case placeholderAsObjectKey(String)

    /// The validation message, naming the target when its id is known (EventBridge's wording where it
    /// has one).
    public func message(targetId: String? = nil) -> String {
        let target = targetId.map { "target \($0)" } ?? "the target"
        switch self {
        case .conflictingInputs:
            return "Only one of Input, InputPath, or InputTransformer must be provided for \(target)."
        case .invalidInput(let reason):
            return "Input for \(target) is not valid JSON: \(reason)"
        case .invalidPath(let path, let reason):
            return "JSONPath \(path) for \(target) is not valid: \(reason)"
        case .tooManyVariables(let count):
            return "InputPathsMap for \(target) has \(count) entries; at most 100 are allowed."
        case .invalidVariableName(let name):
            return "InputPathsMap for \(target) has an invalid key '\(name)': keys must be 1-256 characters of [A-Za-z0-9_-]."
        case .reservedVariableName(let name):
            return "InputPathsMap for \(target) has a reserved key '\(name)': keys may not start with 'aws.'."
        case .invalidTemplateLength(let length):
            return "InputTemplate for \(target) must be 1-8192 characters long, not \(length)."
        case .undefinedPlaceholder(let name):
            return "InputTemplate for \(target) contains invalid placeholder \(name)."
        case .placeholderAsObjectKey(let name):
            return "InputTemplate for \(target) uses placeholder \(name) as an object key, which is not allowed."
        }
    }
}

extension InputTransformError: CustomStringConvertible {
    /// The validation message without a target id.
    public var description: String { message() }
}
