import Yams
import HeraldCatalog

/// `Tags` as a list of `{Key, Value}` or a mapping of key to value.
enum TagList {
    /// Parses tags.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> [HeraldCatalog.Tag] {
        if case .mapping = node.node {
            var tags: [HeraldCatalog.Tag] = []
            for entry in try node.rawMapping() { tags.append(HeraldCatalog.Tag(key: entry.key, value: try entry.value.string())) }
            return tags
        }
        var tags: [HeraldCatalog.Tag] = []
        for item in try node.sequence() {
            let map = try item.mapping(["Key", "Value"])
            tags.append(HeraldCatalog.Tag(key: try map.require("Key").string(), value: try map.require("Value").string()))
        }
        return tags
    }
}
