import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (or query string); the last value of a name wins.
struct ConsoleForm: Sendable, Equatable {
    /// Field values by name.
    let fields: [String: String]

    /// Parses `text`: `+` is a space, `%XX` sequences are decoded; undecodable pairs are dropped.
    init(parsing text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            guard let value else { continue }
            fields[name] = value
        }
        self.fields = fields
    }

    /// The value of `name`, or `nil` when absent.
    subscript(_ name: String) -> String? { fields[name] }

    /// Decodes one form component.
    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
