import Foundation

import HeraldEvents

/// Time values of the admin API: `since=` accepts ISO 8601 (`2026-11-22T17:00:00Z`), milliseconds since the epoch,
/// or a relative age (`90s`, `15m`, `2h`, `7d`) counted back from now.
public enum AdminTime {
    /// Parses `text` into milliseconds since the epoch, or `nil` if it is none of the accepted forms.
    /// - Parameters:
    ///   - text: The value.
    ///   - now: The current time in milliseconds since the epoch, for relative ages.
    public static func parse(_ text: String, now: UInt64) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.allSatisfy(\.isNumber) { return UInt64(trimmed) }
        if let unit = trimmed.last, let amount = UInt64(trimmed.dropLast()), let scale = unitMilliseconds(unit) {
            let (age, overflow) = amount.multipliedReportingOverflow(by: scale)
            guard !overflow else { return nil }
            return now >= age ? now - age : 0
        }
        guard let time = UTCTime(iso8601: trimmed), time.nanosecondsSince1970 >= 0 else { return nil }
        return UInt64(time.nanosecondsSince1970 / 1_000_000)
    }

    /// Milliseconds per unit letter (`s`, `m`, `h`, `d`).
    private static func unitMilliseconds(_ unit: Character) -> UInt64? {
        switch unit {
        case "s": 1000
        case "m": 60_000
        case "h": 3_600_000
        case "d": 86_400_000
        default: nil
        }
    }
}
