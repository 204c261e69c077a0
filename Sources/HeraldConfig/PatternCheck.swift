import HeraldPattern
import Yams

/// Validates event patterns while the file is parsed, pointing errors at the offending field of a YAML pattern.
enum PatternCheck {
    /// Parses `text` with Herald's pattern engine (default limits).
    /// - Throws: ``ConfigError/Kind/invalidPattern`` located at the field the pattern engine names, or at `node`.
    static func validate(_ text: String, node: ConfigNode) throws(ConfigError) {
        do {
            _ = try EventPattern(parsing: text)
        } catch {
            let field = locate(error.path, in: node) ?? node
            let suffix = error.path.isEmpty ? "" : " at \(error.path)"
            throw field.error(.invalidPattern, "invalid event pattern: \(error.message)\(suffix)")
        }
    }

    /// The node of a mapping-form pattern that holds the field at the dotted `path` (searching `$or` branches).
    static func locate(_ path: String, in node: ConfigNode) -> ConfigNode? {
        guard !path.isEmpty else { return nil }
        let field = path.firstIndex(of: "[").map { String(path[..<$0]) } ?? path
        let segments = field.split(separator: ".").map(String.init)
        guard !segments.isEmpty else { return nil }
        return search(segments[...], in: node)
    }

    /// Depth-first search for `segments`, allowing dotted keys and `$or` lists between levels.
    private static func search(_ segments: ArraySlice<String>, in node: ConfigNode) -> ConfigNode? {
        guard !segments.isEmpty else { return node }
        guard case .mapping = node.node, let entries = try? node.rawMapping() else { return nil }
        for entry in entries {
            if entry.key == "$or", let branches = try? entry.value.sequence() {
                for branch in branches {
                    if let found = search(segments, in: branch) { return found }
                }
                continue
            }
            let keyParts = entry.key.split(separator: ".").map(String.init)
            guard keyParts.count <= segments.count, Array(segments.prefix(keyParts.count)) == keyParts else { continue }
            if let found = search(segments.dropFirst(keyParts.count), in: entry.value) { return found }
        }
        return nil
    }
}
