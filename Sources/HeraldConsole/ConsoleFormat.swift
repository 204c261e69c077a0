import Foundation
import HeraldEvents

/// Formatting of figures, times and links for the console pages.
enum ConsoleFormat {
    /// `3d 4h 5m 6s`-style text of a duration in seconds (the largest two units).
    static func duration(_ seconds: Double) -> String {
        let seconds = seconds.isFinite ? min(max(0, seconds), 1e15) : 0
        let total = Int(seconds.rounded(.down))
        let days = total / 86_400
        let hours = total % 86_400 / 3600
        let minutes = total % 3600 / 60
        let secs = total % 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(secs)s" }
        return seconds < 10 ? String(format: "%.1fs", seconds) : "\(secs)s"
    }

    /// `12.3 MiB`-style text of a byte count.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// `42.0%` text of a 0...1 ratio.
    static func percent(_ ratio: Double) -> String {
        String(format: "%.1f%%", ratio * 100)
    }

    /// The latest time shown, the last millisecond `UTCTime`'s 64-bit nanoseconds can hold (April 2262); a source's
    /// wild value is clamped here rather than overflowing.
    static let latestMilliseconds = UInt64(Int64.max / 1_000_000)

    /// ISO 8601 text (UTC, milliseconds) of milliseconds since the epoch (clamped to ``latestMilliseconds``).
    static func time(_ milliseconds: UInt64) -> String {
        let clamped = Int64(min(milliseconds, latestMilliseconds))
        return UTCTime(nanosecondsSince1970: clamped * 1_000_000).iso8601MillisecondsString
    }

    /// Milliseconds with up to one decimal: `12.5 ms`.
    static func milliseconds(_ value: Double) -> String {
        String(format: "%.1f ms", value)
    }

    /// One path segment, percent-encoded (slashes included).
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// One query value, percent-encoded.
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#;%?")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The console page of a `BUS/RULE/ID` target.
    static func targetHref(_ target: String) -> String {
        "/console/targets/" + target.split(separator: "/", omittingEmptySubsequences: false).map { segment(String($0)) }
            .joined(separator: "/")
    }

    /// The console page of one dead letter.
    static func entryHref(target: String, sequence: UInt64) -> String {
        "/console/dlq/" + target.split(separator: "/", omittingEmptySubsequences: false).map { segment(String($0)) }
            .joined(separator: "/") + "/\(sequence)"
    }

    /// The console page of one incident.
    static func incidentHref(_ incident: String) -> String {
        "/console/incidents/" + segment(incident)
    }

    /// A path segment as received (percent-decoded when it decodes).
    static func decodedSegment(_ raw: String) -> String {
        raw.removingPercentEncoding ?? raw
    }
}
