/// A schema mapping of the configuration file: known keys (canonical names) to their value nodes.
struct ConfigMapping {
    /// One key/value pair as found in the file.
    struct Entry {
        /// The key as written (e.g. `event_pattern`).
        let writtenKey: String
        /// The key node (for unknown-key errors).
        let keyNode: ConfigNode
        /// The value node.
        let value: ConfigNode
    }

    /// The mapping node itself.
    let owner: ConfigNode
    /// Entries by canonical key name.
    let entries: [String: Entry]

    /// The value of a canonical key, or nil when absent or written as `null`.
    subscript(_ key: String) -> ConfigNode? {
        guard let entry = entries[key], !entry.value.isNull else { return nil }
        return entry.value
    }

    /// The first present key among `keys` (aliases of one member); an error when two of them are given.
    func first(_ keys: String...) throws(ConfigError) -> ConfigNode? {
        let present = keys.compactMap { entries[$0] }.sorted {
            ($0.keyNode.location?.line ?? 0, $0.keyNode.location?.column ?? 0) < ($1.keyNode.location?.line ?? 0, $1.keyNode.location?.column ?? 0)
        }
        if present.count > 1 {
            throw present[1].keyNode.error(.invalidValue, "'\(present[1].writtenKey)' and '\(present[0].writtenKey)' mean the same; give only one")
        }
        guard let entry = present.first, !entry.value.isNull else { return nil }
        return entry.value
    }

    /// The value of a required key.
    func require(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let value = self[key] else { throw owner.error(.missingKey, "missing required key '\(key)'") }
        return value
    }

    /// Whether any of `keys` is present.
    func has(_ keys: String...) -> Bool { keys.contains { self[$0] != nil } }
}
