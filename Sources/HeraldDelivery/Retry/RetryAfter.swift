import HeraldEvents

/// Parses the `Retry-After` response header (RFC 9110 §10.2.3).
public enum RetryAfter {
    /// The wait a `Retry-After` value asks for: delta-seconds (`120`) or an HTTP date, relative to `now`
    /// (a date in the past means zero). `nil` when the value is neither.
    ///
    /// - Parameters:
    ///   - value: the header value.
    ///   - now: the reference time for a date (the response's `Date` header when present, else the time
    ///     the response was received).
    public static func delay(from value: String, now: UTCTime) -> Duration? {
        let trimmed = value.trimmingASCIIWhitespace
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // Very long digit strings saturate rather than fail.
            guard trimmed.utf8.count <= 9, let seconds = Int64(trimmed) else { return .seconds(999_999_999) }
            return .seconds(seconds)
        }
        guard let date = UTCTime(httpDate: trimmed) else { return nil }
        let wait = now.duration(to: date)
        return wait > .zero ? wait : .zero
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingASCIIWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
