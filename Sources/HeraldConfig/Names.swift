/// EventBridge name rules (`[\.\-_A-Za-z0-9]+`).
enum Names {
    /// Checks a resource or target name.
    static func check(_ name: String, at node: ConfigNode, maxLength: Int) throws(ConfigError) {
        let valid = !name.isEmpty && name.count <= maxLength
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) }
        guard valid else { throw node.error(.invalidValue, "must be 1...\(maxLength) characters of letters, digits, '.', '-' and '_'") }
    }
}
