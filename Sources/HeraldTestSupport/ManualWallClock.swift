import HeraldStorage
import Synchronization

/// A storage ``HeraldStorage/WallClock`` (milliseconds since the epoch) that only moves when a test sets or advances
/// it: ingest times, retry due times and retention cut-offs at instants the test chooses.
public final class ManualWallClock: WallClock {
    private let milliseconds: Mutex<UInt64>

    /// Creates a clock reading `start` milliseconds since the epoch (default 2023-11-14T22:13:20Z).
    public init(_ start: UInt64 = 1_700_000_000_000) {
        milliseconds = Mutex(start)
    }

    public func millisecondsSinceEpoch() -> UInt64 { milliseconds.withLock { $0 } }

    /// Sets the time.
    public func set(_ value: UInt64) { milliseconds.withLock { $0 = value } }

    /// Moves the time forward.
    public func advance(by delta: UInt64) { milliseconds.withLock { $0 += delta } }
}
