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

    /// The resource's name, from `key` or the key the entry is listed under (``node(_:key:entryName:owner:)``),
    /// checked against the name rules and `maxLength` (``Names/check(_:at:maxLength:)``) and recorded in `sources`
    /// as `field`.
    static func read(
        _ map: ConfigMapping, key: String = "Name", entryName: ConfigNode?, owner: ConfigNode, maxLength: Int,
        field: String = "name", sources: inout SourceMap
    ) throws(ConfigError) -> String {
        let nameNode = try node(map, key: key, entryName: entryName, owner: owner)
        let name = try nameNode.string()
        try Names.check(name, at: nameNode, maxLength: maxLength)
        sources.record(field, nameNode)
        return name
    }
}
