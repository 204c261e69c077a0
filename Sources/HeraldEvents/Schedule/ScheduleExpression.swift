
/// A rule's `ScheduleExpression`: `rate(value unit)` or `cron(minutes hours day-of-month month
/// day-of-week year)`, evaluated in UTC.
public enum ScheduleExpression: Sendable, Hashable, CustomStringConvertible {
    /// `rate(…)`.
    case rate(RateSchedule)
    /// `cron(…)`.
    case cron(CronSchedule)

    /// Parses an expression.
    ///
    /// - Throws: ``ScheduleExpressionError`` explaining the first problem.
    public init(parsing text: String) throws(ScheduleExpressionError) {
        let trimmed = String(Substring(text).drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        guard trimmed.hasSuffix(")"), let open = trimmed.firstIndex(of: "(") else {
            throw ScheduleExpressionError(expression: text, reason: "expected rate(...) or cron(...)")
        }
        let kind = trimmed[..<open].lowercased()
        let body = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        switch kind {
        case "rate": self = .rate(try RateSchedule(parsing: body, expression: text))
        case "cron": self = .cron(try CronSchedule(parsing: body, expression: text))
        default: throw ScheduleExpressionError(expression: text, reason: "expected rate(...) or cron(...)")
        }
    }

    /// The first fire time strictly after `time`, or `nil` if the schedule never fires again (a cron
    /// expression whose years have passed).
    ///
    /// - Parameters:
    ///   - time: the reference instant.
    ///   - anchor: the instant a `rate` schedule counts from (e.g. when the rule was created); ignored for
    ///     `cron`.
    public func nextFire(after time: UTCTime, anchor: UTCTime) -> UTCTime? {
        switch self {
        case .rate(let rate): return rate.nextFire(after: time, anchor: anchor)
        case .cron(let cron): return cron.nextFire(after: time)
        }
    }

    /// The canonical text, e.g. `rate(5 minutes)`.
    public var description: String {
        switch self {
        case .rate(let rate): return rate.description
        case .cron(let cron): return cron.description
        }
    }
}

/// `rate(value unit)`: every `value` minutes, hours or days. As in EventBridge, a value of 1 takes the
/// singular unit (`rate(1 hour)`) and larger values the plural (`rate(2 hours)`).
public struct RateSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The unit of a rate.
    public enum Unit: String, Sendable, Hashable {
        /// Minutes.
        case minute
        /// Hours.
        case hour
        /// Days.
        case day

        var seconds: Int64 {
            switch self {
            case .minute: return 60
            case .hour: return 3600
            case .day: return 86_400
            }
        }
    }

    /// How many units between fires (≥ 1).
    public let value: Int
    /// The unit.
    public let unit: Unit

    /// The period between fires.
    public var period: Duration { .seconds(Int64(value) * unit.seconds) }

    init(parsing body: String, expression: String) throws(ScheduleExpressionError) {
        let words = body.split(separator: " ", omittingEmptySubsequences: true).map { $0.lowercased() }
        guard words.count == 2, let value = Int(words[0]), value >= 1, value <= 1_000_000 else {
            throw ScheduleExpressionError(expression: expression, reason: "rate needs a positive whole number and a unit, e.g. rate(5 minutes)")
        }
        let plural = words[1].hasSuffix("s")
        guard let unit = Unit(rawValue: plural ? String(words[1].dropLast()) : words[1]) else {
            throw ScheduleExpressionError(expression: expression, reason: "rate unit must be minute(s), hour(s) or day(s)")
        }
        guard plural == (value > 1) else {
            throw ScheduleExpressionError(expression: expression, reason: value == 1 ? "use the singular unit with 1, e.g. rate(1 \(unit.rawValue))" : "use the plural unit with \(value), e.g. rate(\(value) \(unit.rawValue)s)")
        }
        self.value = value
        self.unit = unit
    }

    /// The first `anchor + k × period` strictly after `time` (`anchor` itself counts when it is later).
    public func nextFire(after time: UTCTime, anchor: UTCTime) -> UTCTime {
        guard time >= anchor else { return anchor }
        let periodNanos = Int64(value) * unit.seconds * 1_000_000_000
        let elapsed = time.nanosecondsSince1970 - anchor.nanosecondsSince1970
        return UTCTime(nanosecondsSince1970: anchor.nanosecondsSince1970 + (elapsed / periodNanos + 1) * periodNanos)
    }

    /// `rate(5 minutes)`.
    public var description: String { "rate(\(value) \(unit.rawValue)\(value > 1 ? "s" : ""))" }
}
