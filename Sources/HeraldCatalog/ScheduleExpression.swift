/// Syntax checks for EventBridge schedule expressions: `rate(VALUE UNIT)` and `cron(M H DOM MON DOW Y)`.
public enum ScheduleExpression {
    /// Whether `expression` is a syntactically valid rate or cron expression.
    public static func isValid(_ expression: String) -> Bool {
        if expression.hasPrefix("rate("), expression.hasSuffix(")") {
            return isValidRate(String(expression.dropFirst(5).dropLast()))
        }
        if expression.hasPrefix("cron("), expression.hasSuffix(")") {
            return isValidCron(String(expression.dropFirst(5).dropLast()))
        }
        return false
    }

    private static func isValidRate(_ body: String) -> Bool {
        let parts = body.split(separator: " ", omittingEmptySubsequences: true)
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
