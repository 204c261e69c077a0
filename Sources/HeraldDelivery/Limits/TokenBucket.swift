/// A token bucket on caller-supplied instants (pure: no clock reads, no sleeping).
///
/// Tokens refill continuously at ``ratePerSecond`` up to ``burst``. ``reserve(at:)`` always grants a
/// token and says how long the caller must wait for it; reservations queue up (the balance can go
/// negative), so concurrent callers are spaced out fairly in arrival order.
public struct TokenBucket<Instant: InstantProtocol>: Sendable where Instant: Sendable, Instant.Duration == Duration {
    /// Tokens added per second.
    public let ratePerSecond: Double
    /// The most tokens that can accumulate while idle (requests allowed back to back).
    public let burst: Double
    private var balance: Double
    private var updatedAt: Instant?

    /// Creates a full bucket.
    ///
    /// - Parameters:
    ///   - ratePerSecond: the sustained rate (must be positive; values below 0.001 are raised to it).
    ///   - burst: how many tokens may be used at once after idling (at least 1; default 1, so requests
    ///     are spaced `1/rate` apart and no 1-second window sees more than `rate + 1`).
    public init(ratePerSecond: Double, burst: Double = 1) {
        self.ratePerSecond = max(ratePerSecond, 0.001)
        self.burst = max(burst, 1)
        self.balance = self.burst
    }

    /// Takes one token at `now` and returns how long to wait before using it (zero if available).
    public mutating func reserve(at now: Instant) -> Duration {
        refill(to: now)
        balance -= 1
        guard balance < 0 else { return .zero }
        let seconds = -balance / ratePerSecond
        return .nanoseconds(Int64((seconds * 1e9).rounded(.up)))
    }

    /// Tokens available at `now` (negative when reservations are queued).
    public mutating func available(at now: Instant) -> Double {
        refill(to: now)
        return balance
    }

    private mutating func refill(to now: Instant) {
        if let updatedAt, updatedAt < now {
            let elapsed = Backoff.seconds(updatedAt.duration(to: now))
            balance = min(burst, balance + elapsed * ratePerSecond)
        }
        if let last = updatedAt, last >= now { return }
        updatedAt = now
    }
}
