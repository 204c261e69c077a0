/// A proleptic-Gregorian calendar date and time of day in UTC, with conversions to and from ``UTCTime``.
public struct CivilDateTime: Sendable, Hashable, Comparable {
    /// The year (e.g. 2026).
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int
    /// The hour, 0–23.
    public var hour: Int
    /// The minute, 0–59.
    public var minute: Int
    /// The second, 0–59.
    public var second: Int
    /// The nanosecond within the second, 0–999,999,999.
    public var nanosecond: Int

    /// Creates a date-time; the fields are not range-checked (use ``isValid``).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// The civil date-time of a UTC instant.
    public init(_ time: UTCTime) {
        let nanos = time.nanosecondsSince1970
        var days = nanos / 86_400_000_000_000
        var remainder = nanos % 86_400_000_000_000
        if remainder < 0 {
            remainder += 86_400_000_000_000
            days -= 1
        }
        let (year, month, day) = Self.civil(fromDays: days)
        self.year = year
        self.month = month
        self.day = day
        let secondsOfDay = Int(remainder / 1_000_000_000)
        self.hour = secondsOfDay / 3600
        self.minute = (secondsOfDay % 3600) / 60
        self.second = secondsOfDay % 60
        self.nanosecond = Int(remainder % 1_000_000_000)
    }

    /// Years whose every instant (±1 day of offset) fits ``UTCTime``'s 64-bit nanoseconds (1677-09-21…2262-04-11).
    public static let representableYears = 1678...2261

    /// Whether every field is in range for its month (leap years included) and the year is representable
    /// (``representableYears``), so ``utcTime`` cannot overflow.
    public var isValid: Bool {
        Self.representableYears.contains(year) && (1...12).contains(month) && day >= 1 && day <= Self.daysInMonth(year: year, month: month)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
            && (0..<1_000_000_000).contains(nanosecond)
    }

    /// The UTC instant of this date-time (fields out of range roll over arithmetically).
    public var utcTime: UTCTime {
        let days = Int64(Self.days(fromCivil: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
        return UTCTime(nanosecondsSince1970: seconds * 1_000_000_000 + Int64(nanosecond))
    }

    /// The day of the week, 1 = Sunday … 7 = Saturday (as in cron's `SUN`=1 numbering).
    public var weekday: Int {
        let days = Self.days(fromCivil: year, month: month, day: day)
        // 1970-01-01 was a Thursday (weekday 5).
        return ((days + 4) % 7 + 7) % 7 + 1
    }

    /// Orders date-times chronologically.
    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        lhs.utcTime < rhs.utcTime
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` of `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
    public static func days(fromCivil year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01 (H. Hinnant's algorithm).
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
