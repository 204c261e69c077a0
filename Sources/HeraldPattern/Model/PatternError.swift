public import HeraldJSON

/// Why an event pattern is invalid (surfaced by the API as `InvalidEventPatternException`).
public struct PatternError: Error, Sendable, Hashable {
    /// The category of problem.
    public enum Kind: Sendable, Hashable {
        /// The pattern is not valid JSON.
        case invalidJSON(JSONError)
        /// The shape is wrong (not an object, empty object or array, scalar member, nested array…).
        case invalidStructure
        /// An unknown operator name, or an operator object with more or fewer than one key.
        case invalidOperator
        /// An operator's value is not acceptable (wrong type, malformed CIDR, bad numeric range…).
        case invalidValue
        /// The pattern exceeds a size or complexity limit (see ``PatternLimits``).
        case limitExceeded
    }

    /// The category of problem.
    public let kind: Kind
    /// Where in the pattern: dotted field path plus array index/operator, e.g. `detail.count[0].numeric`;
    /// empty for the whole pattern.
    public let path: String
    /// A human-readable explanation.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }
}

extension PatternError: CustomStringConvertible {
    /// `"Event pattern is not valid. Reason: <message> at <path>"`, close to AWS's wording.
    public var description: String {
        path.isEmpty
            ? "Event pattern is not valid. Reason: \(message)"
            : "Event pattern is not valid. Reason: \(message) at \(path)"
    }
}
