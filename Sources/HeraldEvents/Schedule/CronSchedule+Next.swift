
extension CronSchedule {
    /// The first fire time strictly after `time` (fires are on whole minutes, UTC), or `nil` if none is
    /// left before the end of 2199.
    public func nextFire(after time: UTCTime) -> UTCTime? {
        // Start at the next whole minute.
        let minuteNanos: Int64 = 60_000_000_000
        var startNanos = time.nanosecondsSince1970 - ((time.nanosecondsSince1970 % minuteNanos) + minuteNanos) % minuteNanos
        startNanos += minuteNanos
        let start = CivilDateTime(UTCTime(nanosecondsSince1970: startNanos))
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        guard start.year <= Self.yearRange.upperBound else { return nil }
        for year in max(start.year, Self.yearRange.lowerBound)...Self.yearRange.upperBound where years.contains(year) {
            let sameYear = year == start.year
            for month in (sameYear ? start.month : 1)...12 where months.contains(month) {
                let sameMonth = sameYear && month == start.month
                for day in days(year: year, month: month) where !sameMonth || day >= start.day {
                    let sameDay = sameMonth && day == start.day
                    for hour in sortedHours where !sameDay || hour >= start.hour {
                        let sameHour = sameDay && hour == start.hour
                        if let minute = sortedMinutes.first(where: { !sameHour || $0 >= start.minute }) {
                            return CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute).utcTime
                        }
                    }
                }
            }
        }
        return nil
    }

    /// The days of `month` in `year` that fire, ascending.
    func days(year: Int, month: Int) -> [Int] {
        let count = CivilDateTime.daysInMonth(year: year, month: month)
        func weekday(_ day: Int) -> Int { CivilDateTime(year: year, month: month, day: day).weekday }
        switch dayOfMonth {
        case .days(let days):
            return days.filter { $0 <= count }.sorted()
        case .lastDay:
            return [count]
        case .lastWeekday:
            var day = count
            while weekday(day) == 1 || weekday(day) == 7 { day -= 1 }
            return [day]
        case .nearestWeekday(let target):
            guard target <= count else { return [] }
            switch weekday(target) {
            case 7: return [target == 1 ? 3 : target - 1]  // Saturday → Friday, or Monday the 3rd
            case 1: return [target == count ? target - 2 : target + 1]  // Sunday → Monday, or Friday
            default: return [target]
            }
        case .unspecified:
            break
        }
        switch dayOfWeek {
        case .weekdays(let weekdays):
            return (1...count).filter { weekdays.contains(weekday($0)) }
        case .last(let target):
            return [(1...count).last { weekday($0) == target }].compactMap { $0 }
        case .nth(let target, let occurrence):
            let matching = (1...count).filter { weekday($0) == target }
            return matching.count >= occurrence ? [matching[occurrence - 1]] : []
        case .unspecified:
            return []
        }
    }
}
