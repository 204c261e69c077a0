import Foundation

/// Sizes written as bytes with a unit (`512MiB`, `8GiB`, `1MB`) or a plain number.
enum ByteSize {
    /// Parses a size; a plain number is multiplied by `plainUnit` (MiB by default, like `--map-size`).
    static func parse(_ node: ConfigNode, plainUnit: Int = 1 << 20) throws(ConfigError) -> Int {
        let raw = try node.rawScalar(expected: "a size")
        let text = try node.string().replacingOccurrences(of: " ", with: "")
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
            ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000), ("B", 1),
        ]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let number = Int(text.dropLast(suffix.count)), number > 0, number <= Int.max / factor else { break }
            return number * factor
        }
        if let number = Int(text), number > 0, number <= Int.max / plainUnit { return number * plainUnit }
        throw node.error(.wrongType, "expected a positive size such as 512MiB or 8GiB, found '\(raw)'")
    }
}
