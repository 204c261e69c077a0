/// Collects violations of service-model constraints and reports them the way EventBridge does:
/// `2 validation errors detected: Value 'x' at 'name' failed to satisfy constraint: Member must …; Value …`.
public struct ShapeValidator: Sendable {
    private var problems: [String] = []

    /// Creates an empty validator.
    public init() {}

    /// Whether no violation was recorded.
    public var isValid: Bool { problems.isEmpty }

    /// Records a violation for the member at `path` with the value's description and the broken constraint.
    public mutating func fail(_ path: String, value: String?, constraint: String) {
        let shown = value.map { "'\($0.count > 128 ? String($0.prefix(128)) + "…" : $0)'" } ?? "null"
        problems.append("Value \(shown) at '\(path)' failed to satisfy constraint: Member must \(constraint)")
    }

    /// Records a violation if a required member is missing.
    public mutating func required<T>(_ value: T?, _ path: String) {
        if value == nil { fail(path, value: nil, constraint: "not be null") }
    }

    /// Checks a string's length bounds and its pattern (matched against the whole value), when present.
    public mutating func string(
        _ value: String?, _ path: String, required: Bool = false, min: Int? = nil, max: Int? = nil, pattern: String? = nil
    ) {
        guard let value else {
            if required { fail(path, value: nil, constraint: "not be null") }
            return
        }
        let length = value.count
        if let min, length < min { fail(path, value: value, constraint: "have length greater than or equal to \(min)") }
        if let max, length > max { fail(path, value: value, constraint: "have length less than or equal to \(max)") }
        if let pattern, !Self.matches(value, pattern: pattern) {
            fail(path, value: value, constraint: "satisfy regular expression pattern: \(pattern)")
        }
    }

    /// Checks an integer's range, when present.
    public mutating func integer(_ value: Int?, _ path: String, required: Bool = false, min: Int? = nil, max: Int? = nil) {
        guard let value else {
            if required { fail(path, value: nil, constraint: "not be null") }
            return
        }
        if let min, value < min { fail(path, value: String(value), constraint: "have value greater than or equal to \(min)") }
        if let max, value > max { fail(path, value: String(value), constraint: "have value less than or equal to \(max)") }
    }

    /// Checks a collection's size bounds, when present.
    ///
    /// The message shows an empty list as `'[]'` (an empty map as `'{}'`), as AWS does; a list over its limit is shown
    /// by its size (`'[11 members]'`) where AWS prints every member.
    public mutating func count(_ count: Int?, _ path: String, min: Int? = nil, max: Int? = nil, map: Bool = false) {
        guard let count else { return }
        let (open, close) = map ? ("{", "}") : ("[", "]")
        let shown = count == 0 ? open + close : "\(open)\(count) \(count == 1 ? "member" : "members")\(close)"
        if let min, count < min { fail(path, value: shown, constraint: "have length greater than or equal to \(min)") }
        if let max, count > max { fail(path, value: shown, constraint: "have length less than or equal to \(max)") }
    }

    /// Records an enum violation for a raw value outside `allowed`.
    public mutating func enumeration(_ value: String?, _ path: String, allowed: [String]) {
        guard let value, !allowed.contains(value) else { return }
        fail(path, value: value, constraint: "satisfy enum value set: [\(allowed.joined(separator: ", "))]")
    }

    /// Throws ``CatalogError/validation(_:)`` with all recorded violations, if any.
    public func check() throws(CatalogError) {
        guard !problems.isEmpty else { return }
        let noun = problems.count == 1 ? "error" : "errors"
        throw .validation("\(problems.count) validation \(noun) detected: " + problems.joined(separator: "; "))
    }

    /// Whether `value` matches `pattern` as a whole (Java `matches()` semantics, as the service model intends).
    /// A pattern that cannot be compiled is treated as matching, so a model quirk never rejects valid input.
    public static func matches(_ value: String, pattern: String) -> Bool {
        // Fast paths for the name patterns checked on every request (compiling a Regex costs tens of microseconds).
        switch pattern {
        case ModelPattern.name: return isName(value, allowSlash: false)
        case ModelPattern.eventBusName: return isName(value, allowSlash: true)
        case ModelPattern.nonPartnerEventBusNameOrArn where !value.hasPrefix("arn:"): return isName(value, allowSlash: false)
        case ModelPattern.eventBusNameOrArn where !value.hasPrefix("arn:"): return isName(value, allowSlash: true)
        default: break
        }
        guard let regex = try? Regex(pattern) else { return true }
        return (try? regex.wholeMatch(in: value)) != nil
    }

    /// `[\.\-_A-Za-z0-9]+`, plus `/` when `allowSlash`.
    private static func isName(_ value: String, allowSlash: Bool) -> Bool {
        !value.isEmpty
            && value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    true
                case UInt8(ascii: "/"): allowSlash
                default: false
                }
            }
    }
}

/// Regular expressions of the EventBridge service model, verbatim.
public enum ModelPattern {
    /// `RuleName`, `TargetId`, `ConnectionName`, `ApiDestinationName`, `ArchiveName`, `ReplayName`.
    public static let name = #"[\.\-_A-Za-z0-9]+"#
    /// `EventBusName`.
    public static let eventBusName = #"[/\.\-_A-Za-z0-9]+"#
    /// `EventBusNameOrArn`.
    public static let eventBusNameOrArn = #"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+"#
    /// `NonPartnerEventBusNameOrArn` (PutEvents entries).
    public static let nonPartnerEventBusNameOrArn =
        #"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+"#
    /// `InputTransformerPathKey`.
    public static let inputTransformerPathKey = #"[A-Za-z0-9\_\-]+"#
    /// `HeaderKey`.
    public static let headerKey = #"^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$"#
    /// `HeaderValue`.
    public static let headerValue = #"^[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*[ \t]*$"#
    /// `QueryStringKey`.
    public static let queryStringKey = #"[^\x00-\x1F\x7F]+"#
    /// `QueryStringValue`.
    public static let queryStringValue = #"[^\x00-\x09\x0B\x0C\x0E-\x1F\x7F]+"#
    /// `AuthHeaderParameters`.
    public static let authHeaderParameter = #"^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$"#
    /// `HttpsEndpoint`.
    public static let httpsEndpoint = #"^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$"#
    /// `ConnectionArn`.
    public static let connectionArn =
        #"^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:connection\/[\.\-_A-Za-z0-9]+\/[\-A-Za-z0-9]+$"#
    /// `EventBusArn` / `ArchiveArn`.
    public static let eventBusArn = #"^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:.+\/.+$"#
    /// `KmsKeyIdentifier`.
    public static let kmsKeyIdentifier = #"^[a-zA-Z0-9_\-/:]*$"#
}
