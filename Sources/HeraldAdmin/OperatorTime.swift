import Foundation

/// Times typed by an operator on the command line (`herald replay start --from/--to`): everything ``AdminTime``
/// accepts (ISO 8601, milliseconds since the epoch, an age like `15m`), plus `now` and ages written with a leading
/// minus (`-1h`, `-30m`).
public enum OperatorTime {
    /// Parses `text` into milliseconds since the epoch, or `nil` if it is none of the accepted forms.
    /// - Parameters:
    ///   - text: The value.
    ///   - now: The current time in milliseconds since the epoch.
    public static func parse(_ text: String, now: UInt64) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "now" { return now }
        if trimmed.hasPrefix("-") {
            let age = trimmed.dropFirst()
            // Only ages may carry a minus: `-2026-…` or `-123` are errors, not times.
            guard let unit = age.last, "smhd".contains(unit), UInt64(age.dropLast()) != nil else { return nil }
            return AdminTime.parse(String(age), now: now)
        }
        return AdminTime.parse(trimmed, now: now)
    }
}
