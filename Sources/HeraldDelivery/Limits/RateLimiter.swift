/// `InvocationRateLimitPerSecond` for one API destination: callers ``acquire()`` a slot before each
/// request and are told how long they waited, so the wait can be excluded from the event's age budget.
///
/// Create one limiter per destination and share it between every target that uses the destination.
public actor RateLimiter<C: Clock> where C.Duration == Duration, C.Instant: Sendable {
    /// EventBridge's default `InvocationRateLimitPerSecond`.
    public static var defaultRatePerSecond: Int { 300 }

    private var bucket: TokenBucket<C.Instant>
    private let clock: C

    /// Creates a limiter.
    ///
    /// - Parameters:
    ///   - ratePerSecond: requests per second (EventBridge's default 300).
    ///   - burst: requests allowed back to back after idling (default 1).
    ///   - clock: the clock to read and sleep on.
    public init(ratePerSecond: Int = 300, burst: Int = 1, clock: C) {
        self.init(rate: Double(max(ratePerSecond, 1)), burst: Double(burst), clock: clock)
    }

    /// Creates a limiter with a fractional rate (e.g. a chat robot's 20 messages per minute = 0.33/s).
    /// - Parameters:
    ///   - rate: requests per second (> 0; clamped to at least one per hour).
    ///   - burst: requests allowed back to back after idling.
    ///   - clock: the clock to read and sleep on.
    public init(rate: Double, burst: Double = 1, clock: C) {
        let rate = max(rate.isFinite ? rate : 1, 1.0 / 3600)
        self.rate = rate
        self.ratePerSecond = max(Int(rate.rounded(.up)), 1)
        self.bucket = TokenBucket(ratePerSecond: rate, burst: max(burst, 1))
        self.clock = clock
    }

    /// The configured rate (requests per second, rounded up to a whole number).
    public nonisolated let ratePerSecond: Int
    /// The configured rate (requests per second).
    public nonisolated let rate: Double

    /// Waits until the caller may send one request and returns how long it waited.
    ///
    /// - Throws: `CancellationError` if the task is cancelled while waiting (the slot is not given back).
    @discardableResult
    public func acquire() async throws -> Duration {
        let start = clock.now
        let wait = bucket.reserve(at: start)
        guard wait > .zero else { return .zero }
        try await clock.sleep(until: start.advanced(by: wait), tolerance: nil)
        return start.duration(to: clock.now)
    }
}
