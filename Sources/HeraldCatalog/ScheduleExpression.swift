import HeraldEvents

/// Checks of EventBridge schedule expressions: `rate(VALUE UNIT)` and `cron(M H DOM MON DOW Y)`.
public enum ScheduleExpression {
    /// Whether `expression` is a valid rate or cron expression: EventBridge's spelling rules (one space between a
    /// rate's value and unit, the unit singular exactly for 1, `?` in exactly one of the day fields), and every field
    /// in range as the scheduler parses it (``HeraldEvents/ScheduleExpression``), so an accepted rule can fire.
    public static func isValid(_ expression: String) -> Bool {
        let spelled: Bool
        if expression.hasPrefix("rate("), expression.hasSuffix(")") {
            spelled = isValidRate(String(expression.dropFirst(5).dropLast()))
        } else if expression.hasPrefix("cron("), expression.hasSuffix(")") {
            spelled = isValidCron(String(expression.dropFirst(5).dropLast()))
        } else {
            spelled = false
        }
        return spelled && (try? HeraldEvents.ScheduleExpression(parsing: expression)) != nil
    }

    private static func isValidRate(_ body: String) -> Bool {
        let parts = body.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let value = Int(parts[0]), value > 0 else { return false }
        let unit = String(parts[1])
        let singular = ["minute", "hour", "day"]
        let plural = ["minutes", "hours", "days"]
        return value == 1 ? singular.contains(unit) : plural.contains(unit)
    }

    private static func isValidCron(_ body: String) -> Bool {
        let fields = body.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 6 else { return false }
        let allowed = Set("0123456789*?,-/#LW ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        guard fields.allSatisfy({ $0.allSatisfy { allowed.contains($0) } }) else { return false }
        // EventBridge requires '?' in exactly one of day-of-month and day-of-week.
        let dayOfMonth = fields[2]
        let dayOfWeek = fields[4]
        return (dayOfMonth == "?") != (dayOfWeek == "?")
    }
}
