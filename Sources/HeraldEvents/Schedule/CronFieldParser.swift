/// Parses the individual fields of a cron expression.
struct CronFieldParser {
    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    let expression: String

    private func fail(_ reason: String) -> ScheduleExpressionError {
        ScheduleExpressionError(expression: expression, reason: reason)
    }

    /// A list field of numbers, names, `*`, ranges `a-b` and steps `x/s`.
    mutating func values(_ field: String, name: String, range: ClosedRange<Int>, names: [String] = []) throws(ScheduleExpressionError) -> Set<Int> {
        var result = Set<Int>()
        for item in field.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else { throw fail("empty item in \(name) field '\(field)'") }
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard stepParts.count <= 2 else { throw fail("too many '/' in \(name) field '\(field)'") }
            var step = 1
            if stepParts.count == 2 {
                guard let parsed = Int(stepParts[1]), parsed >= 1 else { throw fail("invalid step in \(name) field '\(field)'") }
                step = parsed
            }
            let base = stepParts[0]
            var low: Int
            var high: Int
            if base == "*" {
                (low, high) = (range.lowerBound, range.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                low = try value(String(base[..<dash]), name: name, range: range, names: names)
                high = try value(String(base[base.index(after: dash)...]), name: name, range: range, names: names)
                guard low <= high else { throw fail("range \(base) in \(name) field runs backwards") }
            } else {
                low = try value(base, name: name, range: range, names: names)
                high = stepParts.count == 2 ? range.upperBound : low
            }
            var current = low
            while current <= high {
                result.insert(current)
                current += step
            }
        }
        return result
    }

    private func value(_ text: String, name: String, range: ClosedRange<Int>, names: [String]) throws(ScheduleExpressionError) -> Int {
        if let index = names.firstIndex(of: text.uppercased()) { return range.lowerBound + index }
        guard let number = Int(text) else { throw fail("'\(text)' is not a valid \(name) value") }
        guard range.contains(number) else { throw fail("\(name) value \(number) is outside \(range.lowerBound)-\(range.upperBound)") }
        return number
    }

    mutating func dayOfMonth(_ field: String) throws(ScheduleExpressionError) -> CronSchedule.DayOfMonth {
        let upper = field.uppercased()
        if upper == "?" { return .unspecified }
        if upper == "L" { return .lastDay }
        if upper == "LW" { return .lastWeekday }
        if upper.hasSuffix("W") {
            guard let day = Int(upper.dropLast()), (1...31).contains(day) else { throw fail("invalid day-of-month '\(field)'") }
            return .nearestWeekday(day)
        }
        guard !upper.contains("L"), !upper.contains("W"), !upper.contains("#"), !upper.contains("?") else {
            throw fail("invalid day-of-month '\(field)'")
        }
        return .days(try values(field, name: "day-of-month", range: 1...31))
    }

    mutating func dayOfWeek(_ field: String) throws(ScheduleExpressionError) -> CronSchedule.DayOfWeek {
        let upper = field.uppercased()
        if upper == "?" { return .unspecified }
        if upper == "L" { return .last(7) }
        if upper.hasSuffix("L") {
            return .last(try value(String(upper.dropLast()), name: "day-of-week", range: 1...7, names: Self.weekdayNames))
        }
        if let hash = upper.firstIndex(of: "#") {
            let weekday = try value(String(upper[..<hash]), name: "day-of-week", range: 1...7, names: Self.weekdayNames)
            guard let occurrence = Int(upper[upper.index(after: hash)...]), (1...5).contains(occurrence) else {
                throw fail("the number after '#' in day-of-week '\(field)' must be 1-5")
            }
            return .nth(weekday: weekday, occurrence: occurrence)
        }
        guard !upper.contains("W"), !upper.contains("?") else { throw fail("invalid day-of-week '\(field)'") }
        return .weekdays(try values(field, name: "day-of-week", range: 1...7, names: Self.weekdayNames))
    }
}
