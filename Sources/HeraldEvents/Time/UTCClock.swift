/// A `Clock` reading the system's UTC wall-clock time, whose instants (``UTCTime``) can be persisted.
///
/// Sleeping uses the monotonic `ContinuousClock` for the remaining interval, so a wall-clock step during a
/// sleep does not stretch it; callers that must follow wall-clock changes re-read ``now`` after waking.
public struct UTCClock: Clock, Sendable {
    /// The instant type: a UTC wall-clock time.
    public typealias Instant = UTCTime

    /// Creates the clock.
    public init() {}

    /// The current UTC time.
    public var now: UTCTime { UTCTime.now }

    /// The resolution of the clock (one nanosecond of representation; the OS may be coarser).
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Suspends until `deadline` (UTC) has passed, or throws `CancellationError` when the task is cancelled.
    public func sleep(until deadline: UTCTime, tolerance: Duration?) async throws {
        let remaining = now.duration(to: deadline)
        guard remaining > .zero else {
            try Task.checkCancellation()
            return
        }
        try await ContinuousClock().sleep(for: remaining, tolerance: tolerance)
    }
}
