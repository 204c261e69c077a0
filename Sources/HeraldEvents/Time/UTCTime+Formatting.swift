extension UTCTime {
    /// English three-letter month names, as used by HTTP dates and cron expressions.
    static let monthAbbreviations = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    /// English three-letter day names, Sunday first.
    static let weekdayAbbreviations = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// The RFC 3339 / ISO 8601 text with whole seconds, as EventBridge writes an envelope's `time`:
    /// `2026-11-22T10:00:00Z`.
    public var iso8601String: String {
        let civil = CivilDateTime(self)
        return Self.pad(civil.year, 4) + "-" + Self.pad(civil.month, 2) + "-" + Self.pad(civil.day, 2) + "T"
            + Self.pad(civil.hour, 2) + ":" + Self.pad(civil.minute, 2) + ":" + Self.pad(civil.second, 2) + "Z"
    }

    /// The RFC 3339 text with milliseconds: `2026-11-22T10:00:00.123Z`.
    public var iso8601MillisecondsString: String {
        let civil = CivilDateTime(self)
        let base = String(iso8601String.dropLast())
        return base + "." + Self.pad(civil.nanosecond / 1_000_000, 3) + "Z"
    }

    /// The IMF-fixdate text used by HTTP (RFC 9110): `Sun, 06 Nov 1994 08:49:37 GMT`.
    public var httpDateString: String {
        let civil = CivilDateTime(self)
        let weekday = Self.weekdayAbbreviations[civil.weekday - 1].capitalizedASCII
        let month = Self.monthAbbreviations[civil.month - 1].capitalizedASCII
        return "\(weekday), \(Self.pad(civil.day, 2)) \(month) \(Self.pad(civil.year, 4)) "
            + "\(Self.pad(civil.hour, 2)):\(Self.pad(civil.minute, 2)):\(Self.pad(civil.second, 2)) GMT"
    }

    /// Parses an RFC 3339 timestamp (`2026-11-22T10:00:00Z`, `2026-11-22T10:00:00.5+02:00`; a space or
    /// lower-case `t`/`z` is accepted); `nil` if malformed or out of range.
    public init?(iso8601 text: String) {
        var scanner = ASCIIScanner(text)
        guard let year = scanner.digits(exactly: 4), scanner.skip("-"),
            let month = scanner.digits(exactly: 2), scanner.skip("-"),
            let day = scanner.digits(exactly: 2),
            scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
            let hour = scanner.digits(exactly: 2), scanner.skip(":"),
            let minute = scanner.digits(exactly: 2), scanner.skip(":"),
            let second = scanner.digits(exactly: 2)
        else { return nil }
        var nanosecond = 0
        if scanner.skip(".") {
            guard let fraction = scanner.fractionNanoseconds() else { return nil }
            nanosecond = fraction
        }
        var offsetSeconds = 0
        if scanner.skip("Z") || scanner.skip("z") {
            offsetSeconds = 0
        } else if let sign = scanner.sign() {
            guard let offsetHours = scanner.digits(exactly: 2), scanner.skip(":"),
                let offsetMinutes = scanner.digits(exactly: 2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard scanner.isAtEnd else { return nil }
        // A leap second (`23:59:60`, RFC 3339 §5.6) is the instant after :59 — this clock has no leap seconds.
        let leap = second == 60
        let civil = CivilDateTime(
            year: year, month: month, day: day, hour: hour, minute: minute, second: leap ? 59 : second, nanosecond: nanosecond)
        guard civil.isValid else { return nil }
        self = civil.utcTime - .seconds(offsetSeconds) + .seconds(leap ? 1 : 0)
    }

    /// Parses an HTTP date (RFC 9110 §5.6.7): IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete
    /// RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime (`Sun Nov  6 08:49:37 1994`);
    /// `nil` if malformed.
    public init?(httpDate text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var civil: CivilDateTime?
        if words.count == 6, words[0].hasSuffix(","), words[5] == "GMT" {
            // IMF-fixdate
            if let day = Int(words[1]), let month = Self.month(named: words[2]), let year = Int(words[3]),
                let clock = Self.timeOfDay(words[4])
            {
                civil = CivilDateTime(year: year, month: month, day: day, hour: clock.0, minute: clock.1, second: clock.2)
            }
        } else if words.count == 4, words[0].hasSuffix(","), words[3] == "GMT" {
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let parts = words[1].split(separator: "-").map(String.init)
            if parts.count == 3, let day = Int(parts[0]), let month = Self.month(named: parts[1]), let shortYear = Int(parts[2]),
                let clock = Self.timeOfDay(words[2])
            {
                let year = parts[2].count == 2 ? (shortYear < 70 ? 2000 + shortYear : 1900 + shortYear) : shortYear
                civil = CivilDateTime(year: year, month: month, day: day, hour: clock.0, minute: clock.1, second: clock.2)
            }
        } else if words.count == 5 {
            // asctime: Sun Nov  6 08:49:37 1994
            if let month = Self.month(named: words[1]), let day = Int(words[2]), let clock = Self.timeOfDay(words[3]),
                let year = Int(words[4])
            {
                civil = CivilDateTime(year: year, month: month, day: day, hour: clock.0, minute: clock.1, second: clock.2)
            }
        }
        guard let civil, civil.isValid else { return nil }
        self = civil.utcTime
    }

    private static func month(named name: String) -> Int? {
        monthAbbreviations.firstIndex(of: name.uppercased()).map { $0 + 1 }
    }

    private static func timeOfDay(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 3, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
            let second = Int(parts[2])
        else { return nil }
        return (hour, minute, second)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension String {
    /// `"JAN"` → `"Jan"` (ASCII only).
    fileprivate var capitalizedASCII: String {
        prefix(1).uppercased() + dropFirst().lowercased()
    }
}

/// A tiny cursor over ASCII text used by the timestamp parsers.
struct ASCIIScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skip(_ literal: Character) -> Bool {
        guard let ascii = literal.asciiValue, index < bytes.count, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func digits(exactly count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += count
        return value
    }

    mutating func fractionNanoseconds() -> Int? {
        var value = 0
        var count = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            if count < 9 { value = value * 10 + Int(bytes[index] - 0x30) }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 9) { value *= 10 }
        return value
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
