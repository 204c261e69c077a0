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
        self.ratePerSecond = max(ratePerSecond, 1)
        self.bucket = TokenBucket(ratePerSecond: Double(max(ratePerSecond, 1)), burst: Double(burst))
        self.clock = clock
    }

    /// The configured rate (requests per second).
    public nonisolated let ratePerSecond: Int

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
