import Foundation
import Yams

/// A YAML node of the configuration file together with its key path and the parse context.
///
/// Every accessor either returns a typed value or throws a ``ConfigError`` located at this node. Scalars read as
/// strings or numbers go through `${ENV}` substitution; error messages quote only the text as written in the file.
struct ConfigNode {
    /// File name and environment shared by all nodes of one document.
    struct Context {
        /// File name used in locations.
        let file: String
        /// `${ENV}` expansion.
        let substitution: EnvironmentSubstitution
    }

    /// The underlying YAML node.
    let node: Node
    /// Key path from the document root, e.g. `rules[0].targets[1].RetryPolicy`.
    let path: String
    /// The shared context.
    let context: Context

    /// The node's position in the file.
    var location: SourceLocation? {
        node.mark.map { SourceLocation(file: context.file, line: $0.line, column: $0.column) }
    }

    /// The node's location and key path.
    var site: SourceSite { SourceSite(location: location, keyPath: path) }

    /// An error located at this node.
    func error(_ kind: ConfigError.Kind, _ message: String) -> ConfigError {
        ConfigError(kind, at: site, message)
    }

    /// A child node at `path + suffix`.
    func child(_ node: Node, suffix: String) -> ConfigNode {
        ConfigNode(node: node, path: path + suffix, context: context)
    }

    /// A short description of the node's YAML type, for "expected X, found Y" messages.
    var typeDescription: String {
        switch node {
        case .scalar(let scalar): scalar.style == .plain && scalar.string.isEmpty ? "an empty value" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Whether the node is a plain `null`, `~` or empty scalar.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The scalar text as written (before substitution).
    func rawScalar(expected: String) throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error(.wrongType, "expected \(expected), found \(typeDescription)")
        }
        return scalar.string
    }

    /// Whether the scalar was quoted in the file.
    var isQuoted: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .singleQuoted || scalar.style == .doubleQuoted
    }

    /// The scalar as a string, with `${ENV}` references expanded.
    func string() throws(ConfigError) -> String {
        let raw = try rawScalar(expected: "a string")
        do {
            return try context.substitution.expand(raw)
        } catch {
            switch error {
            case .missing(let name):
                throw self.error(.missingVariable(name), "environment variable \(name) is not set (use ${\(name):-default} for a default)")
            case .malformed(let reason):
                throw self.error(.invalidValue, reason)
            }
        }
    }

    /// The scalar as a non-empty string.
    func nonEmptyString() throws(ConfigError) -> String {
        let value = try string()
        guard !value.isEmpty else { throw error(.invalidValue, "must not be empty") }
        return value
    }

    /// The scalar as an integer, optionally bounded.
    func int(in range: ClosedRange<Int>? = nil) throws(ConfigError) -> Int {
        let raw = try rawScalar(expected: "an integer")
        let text = try string().replacingOccurrences(of: "_", with: "")
        guard let value = Int(text) else { throw error(.wrongType, "expected an integer, found '\(raw)'") }
        if let range, !range.contains(value) {
            throw error(.invalidValue, "must be \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The scalar as a number.
    func double() throws(ConfigError) -> Double {
        let raw = try rawScalar(expected: "a number")
        guard let value = Double(try string()), value.isFinite else {
            throw error(.wrongType, "expected a number, found '\(raw)'")
        }
        return value
    }

    /// The scalar as a boolean (`true`/`false`, also `yes`/`no`, `on`/`off`).
    func bool() throws(ConfigError) -> Bool {
        let raw = try rawScalar(expected: "true or false")
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(.wrongType, "expected true or false, found '\(raw)'")
        }
    }

    /// The node as a list.
    func sequence() throws(ConfigError) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else {
            throw error(.wrongType, "expected a list, found \(typeDescription)")
        }
        return sequence.enumerated().map { child($0.element, suffix: "[\($0.offset)]") }
    }

    /// A list of strings; a single scalar is accepted as a one-element list.
    func stringList() throws(ConfigError) -> [String] {
        if case .scalar = node { return [try string()] }
        var values: [String] = []
        for item in try sequence() { values.append(try item.string()) }
        return values
    }

    /// A mapping of user-chosen keys (header names, path names) to strings; keys are taken verbatim.
    func stringMap() throws(ConfigError) -> [String: String] {
        var result: [String: String] = [:]
        for entry in try rawMapping() { result[entry.key] = try entry.value.string() }
        return result
    }

    /// The entries of a mapping whose keys are user data (not schema keys), in file order.
    func rawMapping() throws(ConfigError) -> [(key: String, keyNode: ConfigNode, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else {
            throw error(.wrongType, "expected a mapping, found \(typeDescription)")
        }
        var entries: [(key: String, keyNode: ConfigNode, value: ConfigNode)] = []
        for (key, value) in mapping {
            let keyNode = child(key, suffix: "")
            guard case .scalar(let scalar) = key else { throw keyNode.error(.wrongType, "mapping keys must be scalars") }
            let name = scalar.string
            let suffix = path.isEmpty ? name : Self.keySuffix(name)
            entries.append((name, child(key, suffix: suffix), child(value, suffix: suffix)))
        }
        return entries
    }

    /// The node as a schema mapping whose keys must be among `keys` (matched by ``SchemaKey/normalize(_:)``).
    func mapping(_ keys: [String]) throws(ConfigError) -> ConfigMapping {
        let entries = try rawMapping()
        var matched: [String: ConfigMapping.Entry] = [:]
        let canonical = Dictionary(keys.map { (SchemaKey.normalize($0), $0) }, uniquingKeysWith: { first, _ in first })
        for entry in entries {
            guard let name = canonical[SchemaKey.normalize(entry.key)] else {
                throw entry.keyNode.error(.unknownKey, "unknown key '\(entry.key)' (expected one of: \(keys.joined(separator: ", ")))")
            }
            if let previous = matched[name] {
                throw entry.keyNode.error(.invalidValue, "'\(entry.key)' repeats '\(previous.writtenKey)'")
            }
            matched[name] = ConfigMapping.Entry(writtenKey: entry.key, keyNode: entry.keyNode, value: entry.value)
        }
        return ConfigMapping(owner: self, entries: matched)
    }

    /// `.key` for simple keys, `["key"]` for keys with dots, spaces or brackets.
    static func keySuffix(_ key: String) -> String {
        let simple = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "$" }
        return simple ? ".\(key)" : "[\"\(key)\"]"
    }
}
