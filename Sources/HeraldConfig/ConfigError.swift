/// An error in a configuration file, reported as `file:line:column: key.path: message`.
///
/// Messages name keys and environment variables but never quote secret values: values that went through `${ENV}`
/// substitution are never echoed, and catalog validation errors are re-worded without the offending value.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in broad classes (for tests and for callers that branch on it).
    public enum Kind: Sendable, Equatable {
        /// The file could not be read.
        case io
        /// The YAML is malformed (scanner, parser or duplicate-key errors).
        case syntax
        /// A key that the schema does not know.
        case unknownKey
        /// A required key is absent.
        case missingKey
        /// A value has the wrong YAML type (e.g. a mapping where a string is expected, text where a number is).
        case wrongType
        /// A value is out of range, malformed or contradicts another value.
        case invalidValue
        /// An event pattern is not valid.
        case invalidPattern
        /// A `${VAR}` reference names a variable absent from the environment (and gives no default).
        case missingVariable(String)
        /// The catalog refused a resource; the associated value is the EventBridge error code.
        case catalog(String)
    }

    /// The class of error.
    public var kind: Kind
    /// Where in the file the problem is (nil when the file as a whole is concerned).
    public var location: SourceLocation?
    /// The key path of the offending value, e.g. `rules[2].targets[0].RetryPolicy.MaximumRetryAttempts` (may be empty).
    public var keyPath: String
    /// A human-readable explanation without secret values.
    public var message: String

    /// Creates an error.
    public init(kind: Kind, location: SourceLocation?, keyPath: String, message: String) {
        self.kind = kind
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    /// Creates an error located at `site`.
    init(_ kind: Kind, at site: SourceSite, _ message: String) {
        self.init(kind: kind, location: site.location, keyPath: site.keyPath, message: message)
    }

    /// `file:line:column: key.path: message` (parts that are unknown are left out).
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        if !keyPath.isEmpty { text += "\(keyPath): " }
        return text + message
    }
}
