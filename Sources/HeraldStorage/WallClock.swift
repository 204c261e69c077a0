#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of wall-clock time in milliseconds since the Unix epoch (injected so tests can control it).
public protocol WallClock: Sendable {
    /// The current time in milliseconds since 1970-01-01T00:00:00Z.
    func millisecondsSinceEpoch() -> UInt64
}

/// The system's real-time clock (`CLOCK_REALTIME`).
public struct SystemWallClock: WallClock {
    /// Creates the system clock.
    public init() {}

    /// The current time in milliseconds since the Unix epoch.
    public func millisecondsSinceEpoch() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(max(0, spec.tv_sec)) * 1000 + UInt64(max(0, spec.tv_nsec)) / 1_000_000
    }
}
