#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in UTC wall-clock time with nanosecond resolution (nanoseconds since 1970-01-01T00:00:00Z).
///
/// `UTCTime` is an `InstantProtocol`, so it can be the instant type of a `Clock`
/// (see ``UTCClock``): retry schedules computed with it can be persisted and survive restarts, which a
/// monotonic clock's instants cannot. It covers the years 1678–2261.
public struct UTCTime: Sendable, Hashable, Comparable, Codable, InstantProtocol {
    /// Nanoseconds since the Unix epoch (negative before 1970).
    public var nanosecondsSince1970: Int64

    /// Creates a time from nanoseconds since the Unix epoch.
    public init(nanosecondsSince1970: Int64) {
        self.nanosecondsSince1970 = nanosecondsSince1970
    }

    /// Creates a time from whole seconds since the Unix epoch (saturating outside the representable range).
    public init(secondsSince1970: Int64) {
        let (product, overflow) = secondsSince1970.multipliedReportingOverflow(by: 1_000_000_000)
        self.nanosecondsSince1970 = overflow ? (secondsSince1970 < 0 ? .min : .max) : product
    }

    /// Creates a time from fractional seconds since the Unix epoch (as the EventBridge JSON protocol sends
    /// timestamps); `nil` if the value is not finite or out of range.
    public init?(secondsSince1970 seconds: Double) {
        guard seconds.isFinite, abs(seconds) < 9.2e9 else { return nil }
        self.nanosecondsSince1970 = Int64((seconds * 1e9).rounded())
    }

    /// Whole seconds since the Unix epoch (rounded down).
    public var secondsSince1970: Int64 {
        let (quotient, remainder) = nanosecondsSince1970.quotientAndRemainder(dividingBy: 1_000_000_000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The current system wall-clock time (`CLOCK_REALTIME`).
    public static var now: UTCTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UTCTime(nanosecondsSince1970: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }

    /// Orders two times.
    public static func < (lhs: UTCTime, rhs: UTCTime) -> Bool {
        lhs.nanosecondsSince1970 < rhs.nanosecondsSince1970
    }

    /// The time `duration` later (saturating).
    public func advanced(by duration: Duration) -> UTCTime {
        let (sum, overflow) = nanosecondsSince1970.addingReportingOverflow(Self.nanoseconds(of: duration))
        if overflow { return UTCTime(nanosecondsSince1970: duration < .zero ? .min : .max) }
        return UTCTime(nanosecondsSince1970: sum)
    }

    /// The duration from this time to `other` (negative if `other` is earlier).
    public func duration(to other: UTCTime) -> Duration {
        let (difference, overflow) = other.nanosecondsSince1970.subtractingReportingOverflow(nanosecondsSince1970)
        if overflow { return other > self ? .seconds(Int64.max / 1_000_000_000) : .seconds(Int64.min / 1_000_000_000) }
        return .nanoseconds(difference)
    }

    /// Adds a duration to a time.
    public static func + (lhs: UTCTime, rhs: Duration) -> UTCTime { lhs.advanced(by: rhs) }

    /// Subtracts a duration from a time.
    public static func - (lhs: UTCTime, rhs: Duration) -> UTCTime { lhs.advanced(by: .zero - rhs) }

    /// The duration between two times (`lhs - rhs`).
    public static func - (lhs: UTCTime, rhs: UTCTime) -> Duration { rhs.duration(to: lhs) }

    /// Converts a `Duration` to whole nanoseconds, saturating at the `Int64` range.
    public static func nanoseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }
}
