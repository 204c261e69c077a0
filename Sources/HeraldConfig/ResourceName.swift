/// The name of a resource: its `Name` key, or the key it is listed under when a section is a mapping.
enum ResourceName {
    /// The node holding the name.
    static func node(_ map: ConfigMapping, key: String, entryName: ConfigNode?, owner: ConfigNode) throws(ConfigError) -> ConfigNode {
        if let explicit = map[key] {
            if let entryName, try explicit.string() != entryName.string() {
                throw explicit.error(.invalidValue, "\(key) differs from the key this entry is listed under")
            }
            return explicit
        }
        if let entryName { return entryName }
        throw owner.error(.missingKey, "missing required key '\(key)'")
    }
}
