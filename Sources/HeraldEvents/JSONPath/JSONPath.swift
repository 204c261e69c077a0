import HeraldJSON

/// A JSONPath in the subset EventBridge accepts in `InputPath` and `InputPathsMap`:
/// `$`, dotted members (`$.detail.instance-id`), array indices (`$.resources[0]`), bracket-quoted members
/// (`$['detail-type']`, `$["a.b"]`) and wildcards (`$.detail.items[*].sku`, `$.detail.*`).
///
/// A path without wildcards selects at most one value. A path with wildcards selects every match, and
/// ``evaluate(in:)`` returns them as an array (empty when nothing matches), as JSONPath processors do.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Segment: Sendable, Hashable {
        /// An object member by name.
        case member(String)
        /// An array element by zero-based index.
        case index(Int)
        /// Every member of an object or every element of an array.
        case wildcard
    }

    /// The steps after `$`, in order.
    public let segments: [Segment]

    /// The text the path was parsed from.
    public let description: String

    /// Whether the path contains a wildcard (and so selects a list).
    public var hasWildcard: Bool { segments.contains(.wildcard) }

    /// The root path `$`.
    public static let root = JSONPath(segments: [], description: "$")

    /// Creates a path from segments; `description` is rebuilt in canonical form.
    public init(segments: [Segment]) {
        self.segments = segments
        var text = "$"
        for segment in segments {
            switch segment {
            case .member(let name):
                // Quoted when the dotted form would not parse back to this name; inside quotes `'` and `\` are
                // escaped, so `JSONPath(parsing: path.description)` always gives the same segments.
                if name.isEmpty || name.contains(where: { ".[]'\"*\\".contains($0) || $0.isWhitespace }) {
                    text += "['" + name.map { $0 == "'" || $0 == "\\" ? "\\" + String($0) : String($0) }.joined() + "']"
                } else {
                    text += "." + name
                }
            case .index(let index): text += "[\(index)]"
            case .wildcard: text += "[*]"
            }
        }
        self.description = text
    }

    private init(segments: [Segment], description: String) {
        self.segments = segments
        self.description = description
    }

    /// Parses a path.
    ///
    /// - Throws: ``JSONPathError`` with the character offset and reason of the first problem.
    public init(parsing text: String) throws(JSONPathError) {
        var parser = JSONPathParser(text)
        self.segments = try parser.parse()
        self.description = text
    }

    /// The value this path selects in `root`: `nil` when a path without wildcards matches nothing; an array
    /// of every match (possibly empty) for a path with wildcards.
    public func evaluate(in root: JSONValue) -> JSONValue? {
        Self.evaluate(segments[...], in: root)
    }

    /// Evaluates `segments` against `root` (see ``evaluate(in:)``).
    static func evaluate(_ segments: ArraySlice<Segment>, in root: JSONValue) -> JSONValue? {
        if !segments.contains(.wildcard) {
            var current = root
            for segment in segments {
                switch segment {
                case .member(let name):
                    guard case .object(let object) = current, let next = object[name] else { return nil }
                    current = next
                case .index(let index):
                    guard case .array(let elements) = current, elements.indices.contains(index) else { return nil }
                    current = elements[index]
                case .wildcard:
                    return nil
                }
            }
            return current
        }
        var matches = [root]
        for segment in segments {
            var next: [JSONValue] = []
            for value in matches {
                switch (segment, value) {
                case (.member(let name), .object(let object)):
                    if let member = object[name] { next.append(member) }
                case (.index(let index), .array(let elements)):
                    if elements.indices.contains(index) { next.append(elements[index]) }
                case (.wildcard, .object(let object)):
                    next.append(contentsOf: object.members.map(\.value))
                case (.wildcard, .array(let elements)):
                    next.append(contentsOf: elements)
                default:
                    break
                }
            }
            matches = next
        }
        return .array(matches)
    }
}

/// Why a JSONPath could not be parsed.
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The character offset where the problem was found.
    public let offset: Int
    /// What is wrong.
    public let reason: String

    /// Creates an error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `invalid JSONPath at character N: reason`.
    public var description: String { "invalid JSONPath at character \(offset): \(reason)" }
}
