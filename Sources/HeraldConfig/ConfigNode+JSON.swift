import HeraldJSON
import Yams

extension ConfigNode {
    /// The node as JSON text: a mapping or list is converted to JSON, a scalar must itself be JSON text.
    ///
    /// Plain scalars follow the YAML 1.2 core schema: `null`/`~`, `true`/`false`, integers and floats keep their type;
    /// everything else (and every quoted scalar) is a string. Strings go through `${ENV}` substitution.
    /// - Parameter what: the member's name for messages (e.g. `EventPattern`).
    func jsonText(_ what: String) throws(ConfigError) -> String {
        switch node {
        case .mapping, .sequence:
            return try jsonValue().jsonText
        case .scalar, .alias:
            let text = try string()
            do {
                _ = try JSONValue(parsing: text)
            } catch {
                // The parser's detail quotes the text; when `${ENV}` values went into it, say only where it is, so an
                // error never shows what the environment holds.
                let substituted = (try? rawScalar(expected: "text")).map(EnvironmentSubstitution.containsReference) ?? false
                let detail = substituted ? "after ${…} substitution" : "\(error)"
                throw self.error(.invalidValue, "\(what) is not valid JSON (\(detail)); write it as a YAML mapping or a JSON string")
            }
            return text
        }
    }

    /// The deepest nesting a YAML value converted to JSON may have.
    static let maximumJSONDepth = 64

    /// Converts the node to a JSON value (mapping keys taken verbatim, in file order).
    func jsonValue(depth: Int = 0) throws(ConfigError) -> JSONValue {
        guard depth < Self.maximumJSONDepth else {
            throw error(.invalidValue, "nested deeper than \(Self.maximumJSONDepth) levels")
        }
        switch node {
        case .mapping:
            var object = JSONObject()
            for entry in try rawMapping() { object.append(key: entry.key, value: try entry.value.jsonValue(depth: depth + 1)) }
            return .object(object)
        case .sequence:
            var items: [JSONValue] = []
            for item in try sequence() { items.append(try item.jsonValue(depth: depth + 1)) }
            return .array(items)
        case .scalar:
            if isQuoted { return .string(try string()) }
            let raw = try rawScalar(expected: "a value")
            switch raw {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            if Self.looksNumeric(raw), let number = JSONNumber(literal: Self.jsonNumberLiteral(raw)) {
                return .number(number)
            }
            return .string(try string())
        case .alias:
            throw error(.wrongType, "YAML aliases are not supported here")
        }
    }

    /// Whether a plain scalar is a YAML 1.2 core-schema number.
    private static func looksNumeric(_ text: String) -> Bool {
        guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else { return false }
        return Double(text) != nil && !text.lowercased().contains("inf") && !text.lowercased().contains("nan")
    }

    /// Rewrites YAML number spellings JSON does not accept (`+1`, `.5`, `1.`) into JSON literals.
    private static func jsonNumberLiteral(_ text: String) -> String {
        var literal = text.hasPrefix("+") ? String(text.dropFirst()) : text
        if literal.hasPrefix(".") { literal = "0" + literal }
        if literal.hasPrefix("-.") { literal = "-0" + literal.dropFirst() }
        if literal.hasSuffix(".") { literal += "0" }
        return literal
    }
}
