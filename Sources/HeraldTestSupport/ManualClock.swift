import HeraldEvents
import NIOConcurrencyHelpers

/// A `Clock` that only moves when a test advances it, with ``UTCTime`` instants so it can stand in for
/// ``UTCClock``. Sleepers wake (in deadline order) when an advance reaches their deadline.
public final class ManualClock: Clock, Sendable {
    /// The instant type: a UTC time.
    public typealias Instant = UTCTime

    private struct Sleeper {
        let id: UInt64
        let deadline: UTCTime
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: UTCTime
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    private let state: NIOLockedValueBox<State>

    /// Creates a clock reading `now` (default 2026-01-01T00:00:00Z).
    public init(now: UTCTime = UTCTime(secondsSince1970: 1_767_225_600)) {
        self.state = NIOLockedValueBox(State(now: now))
    }

    /// The current instant.
    public var now: UTCTime { state.withLockedValue { $0.now } }

    /// One nanosecond.
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// How many tasks are sleeping on this clock (tests wait for this before advancing).
    public var sleeperCount: Int { state.withLockedValue { $0.sleepers.count } }

    /// Suspends until the clock is advanced to `deadline`; throws `CancellationError` if the task is
    /// cancelled first.
    public func sleep(until deadline: UTCTime, tolerance: Duration? = nil) async throws {
        let id = state.withLockedValue { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLockedValue { state in
                    if deadline <= state.now { return true }
                    if Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resumeNow {
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        continuation.resume()
                    }
                }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLockedValue { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward by `duration`, waking sleepers whose deadline is reached.
    public func advance(by duration: Duration) {
        advance(to: now.advanced(by: duration))
    }

    /// Moves the clock to `instant` (never backwards), waking sleepers whose deadline is reached.
    public func advance(to instant: UTCTime) {
        let woken: [Sleeper] = state.withLockedValue { state in
            if instant > state.now { state.now = instant }
            let due = state.sleepers.filter { $0.deadline <= state.now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= state.now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }
}
