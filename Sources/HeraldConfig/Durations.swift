import Foundation

/// Durations written as seconds (`3600`) or with a unit (`500ms`, `30s`, `5m`, `1h`, `1d`).
enum Durations {
    /// Whole seconds.
    static func seconds(_ node: ConfigNode) throws(ConfigError) -> Int {
        let value = try fractionalSeconds(node)
        guard value == value.rounded(), value < Double(Int.max) else {
            throw node.error(.invalidValue, "must be a whole number of seconds")
        }
        return Int(value)
    }

    /// Seconds, possibly fractional.
    static func fractionalSeconds(_ node: ConfigNode) throws(ConfigError) -> Double {
        let raw = try node.rawScalar(expected: "a duration")
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let number = Double(text.dropLast(suffix.count)), number.isFinite, number >= 0 { return number * factor }
        }
        guard let number = Double(text), number.isFinite, number >= 0 else {
            throw node.error(.wrongType, "expected a duration such as 3600, 30s, 5m or 1h, found '\(raw)'")
        }
        return number
    }
}
