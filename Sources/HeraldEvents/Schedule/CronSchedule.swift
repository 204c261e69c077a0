/// `cron(minutes hours day-of-month month day-of-week year)` in EventBridge's syntax (UTC):
///
/// | Field | Values | Wildcards |
/// |---|---|---|
/// | Minutes | 0–59 | `, - * /` |
/// | Hours | 0–23 | `, - * /` |
/// | Day-of-month | 1–31 | `, - * ? / L W` (`L` last day, `15W` nearest weekday, `LW` last weekday) |
/// | Month | 1–12 or JAN–DEC | `, - * /` |
/// | Day-of-week | 1–7 or SUN–SAT (1 = Sunday) | `, - * ? L #` (`6L` last Friday, `2#1` first Monday) |
/// | Year | 1970–2199 | `, - * /` |
///
/// Exactly one of day-of-month and day-of-week must be `?`.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// How days of the month are chosen.
    public enum DayOfMonth: Sendable, Hashable {
        /// `?`: day-of-week decides.
        case unspecified
        /// Listed days (`*` lists 1–31); days past the month's end are skipped.
        case days(Set<Int>)
        /// `L`: the month's last day.
        case lastDay
        /// `LW`: the month's last weekday (Monday–Friday).
        case lastWeekday
        /// `nW`: the weekday nearest day `n`, without leaving the month.
        case nearestWeekday(Int)
    }

    /// How days of the week are chosen (1 = Sunday … 7 = Saturday).
    public enum DayOfWeek: Sendable, Hashable {
        /// `?`: day-of-month decides.
        case unspecified
        /// Listed weekdays (`*` lists all).
        case weekdays(Set<Int>)
        /// `nL`: the last such weekday of the month (`L` alone is Saturday).
        case last(Int)
        /// `d#n`: the `n`th such weekday of the month.
        case nth(weekday: Int, occurrence: Int)
    }

    /// Minutes (0–59) that fire.
    public let minutes: Set<Int>
    /// Hours (0–23) that fire.
    public let hours: Set<Int>
    /// Day-of-month rule.
    public let dayOfMonth: DayOfMonth
    /// Months (1–12) that fire.
    public let months: Set<Int>
    /// Day-of-week rule.
    public let dayOfWeek: DayOfWeek
    /// Years (1970–2199) that fire.
    public let years: Set<Int>
    /// The six fields as written.
    public let fields: [String]

    /// The supported year range.
    public static let yearRange = 1970...2199

    init(parsing body: String, expression: String) throws(ScheduleExpressionError) {
        let fields = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        func fail(_ reason: String) -> ScheduleExpressionError { ScheduleExpressionError(expression: expression, reason: reason) }
        guard fields.count == 6 else {
            throw fail("cron needs 6 fields (minutes hours day-of-month month day-of-week year), found \(fields.count)")
        }
        var parser = CronFieldParser(expression: expression)
        self.minutes = try parser.values(fields[0], name: "minutes", range: 0...59)
        self.hours = try parser.values(fields[1], name: "hours", range: 0...23)
        self.months = try parser.values(fields[3], name: "month", range: 1...12, names: CronFieldParser.monthNames)
        self.years = try parser.values(fields[5], name: "year", range: Self.yearRange)
        self.dayOfMonth = try parser.dayOfMonth(fields[2])
        self.dayOfWeek = try parser.dayOfWeek(fields[4])
        switch (dayOfMonth, dayOfWeek) {
        case (.unspecified, .unspecified):
            throw fail("only one of day-of-month and day-of-week may be '?'")
        case (.unspecified, _), (_, .unspecified):
            break
        default:
            throw fail("day-of-month and day-of-week cannot both be specified; use '?' in one of them")
        }
        self.fields = fields
    }

    /// `cron(…)` with the fields as written.
    public var description: String { "cron(\(fields.joined(separator: " ")))" }
}
