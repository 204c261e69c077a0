import Foundation
import HeraldJSON

/// Builds the `InputTransformer` of a channel target written in the short form (`To:`, `Body:`, `Row:` …).
///
/// Each message value is either
/// - a JSONPath (`$`, `$.…` or `$[…]`): the value at that path in the event (a generated `InputPathsMap` entry), or
/// - a template: literal text in which `<name>` is replaced by the `Fields:` entry `name` (or a predefined
///   `<aws.events.…>` variable). A `<…>` that names no field stays literal text, so HTML such as `<p>` needs no
///   escaping (unless a field has the same name).
///
/// The template is JSON, so the transformer JSON-escapes every inserted value; literal `<` is written `\u003c` so
/// that it is never read as a placeholder.
struct MessageTemplate {
    /// `InputPathsMap`: the declared fields plus one generated entry per distinct JSONPath used directly.
    private(set) var paths: [String: String]
    private let fields: Set<String>
    private var generated: [String: String] = [:]

    /// Creates a builder for the declared `Fields:` (name → JSONPath).
    init(fields: [String: String]) {
        self.paths = fields
        self.fields = Set(fields.keys)
    }

    /// Whether `text` is a JSONPath rather than a template.
    static func isPath(_ text: String) -> Bool {
        text == "$" || text.hasPrefix("$.") || text.hasPrefix("$[")
    }

    /// The JSON string (quoted) for a message value: a JSONPath's value as text, or a rendered template.
    mutating func string(_ text: String) -> String {
        if Self.isPath(text) { return "\"<" + variable(for: text) + ">\"" }
        return "\"" + template(text) + "\""
    }

    /// The JSON value for a row column: a JSONPath's value as JSON (numbers stay numbers, objects stay objects), or
    /// a rendered template string.
    mutating func bare(_ text: String) -> String {
        Self.isPath(text) ? "<" + variable(for: text) + ">" : string(text)
    }

    /// A JSON value whose strings are message values (``string(_:)``); other scalars are kept.
    mutating func value(_ json: JSONValue) -> String {
        switch json {
        case .string(let text):
            return string(text)
        case .array(let items):
            var parts: [String] = []
            for item in items { parts.append(value(item)) }
            return "[" + parts.joined(separator: ",") + "]"
        case .object(let object):
            var members: [(String, String)] = []
            for member in object { members.append((member.key, value(member.value))) }
            return Self.object(members)
        default:
            return json.jsonText
        }
    }

    /// A JSON object from already-rendered member values, in order.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { literal($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// A JSON string literal (quoted) for fixed text, with `<` escaped.
    static func literal(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }

    /// The variable holding the value at `path` (one per distinct path; names avoid the declared fields).
    private mutating func variable(for path: String) -> String {
        if let name = generated[path] { return name }
        var index = generated.count + 1
        while paths["value_\(index)"] != nil { index += 1 }
        let name = "value_\(index)"
        generated[path] = name
        paths[name] = path
        return name
    }

    /// The inside of a JSON string for a template: literal parts escaped, known placeholders kept.
    private func template(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            output += Self.escaped(String(rest[rest.startIndex..<open]))
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: ">") {
                let name = String(after[after.startIndex..<close])
                if fields.contains(name) || name.hasPrefix("aws.events.") {
                    output += "<" + name + ">"
                    rest = after[after.index(after: close)...]
                    continue
                }
            }
            output += "\\u003c"
            rest = after
        }
        return output + Self.escaped(String(rest))
    }

    /// JSON string escaping without the quotes, with `<` written `\u003c`.
    private static func escaped(_ text: String) -> String {
        String(JSONValue.string(text).jsonText.dropFirst().dropLast()).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
