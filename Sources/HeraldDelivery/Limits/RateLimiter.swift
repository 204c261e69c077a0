import Synchronization

/// `InvocationRateLimitPerSecond` for one API destination: callers ``acquire()`` a slot before each
/// request and are told how long they waited, so the wait can be excluded from the event's age budget.
///
/// Create one limiter per destination and share it between every target that uses the destination. When the
/// destination's rate changes (`UpdateApiDestination`), ``update(rate:burst:)`` changes it in place: callers already
/// waiting give up their reservations at the old rate and queue again at the new one within a second, instead of
/// draining a long queue at the old pace.
public actor RateLimiter<C: Clock> where C.Duration == Duration, C.Instant: Sendable {
    /// EventBridge's default `InvocationRateLimitPerSecond`.
    public static var defaultRatePerSecond: Int { 300 }

    /// The rate, burst and how many times they changed; read and replaced from outside the actor.
    private struct Settings: Sendable {
        var rate: Double
        var burst: Double
        var epoch: UInt64
    }

    /// The longest a waiting caller sleeps before it looks whether the rate changed.
    static var recheckInterval: Duration { .seconds(1) }

    private var bucket: TokenBucket<C.Instant>
    /// The ``Settings/epoch`` `bucket` was made for.
    private var bucketEpoch: UInt64 = 0
    private nonisolated let settings: Mutex<Settings>
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
        let settings = Settings(rate: Self.clamped(rate), burst: max(burst, 1), epoch: 0)
        self.settings = Mutex(settings)
        self.bucket = TokenBucket(ratePerSecond: settings.rate, burst: settings.burst)
        self.clock = clock
    }

    private static func clamped(_ rate: Double) -> Double {
        max(rate.isFinite ? rate : 1, 1.0 / 3600)
    }

    /// The configured rate (requests per second, rounded up to a whole number).
    public nonisolated var ratePerSecond: Int { max(Int(rate.rounded(.up)), 1) }
    /// The configured rate (requests per second).
    public nonisolated var rate: Double { settings.withLock { $0.rate } }

    /// Changes the rate (and burst) in place; callers waiting at the old rate queue again at the new one within
    /// ``recheckInterval``. Nothing happens when both are unchanged.
    public nonisolated func update(rate: Double, burst: Double = 1) {
        let rate = Self.clamped(rate)
        let burst = max(burst, 1)
        settings.withLock { settings in
            guard settings.rate != rate || settings.burst != burst else { return }
            settings = Settings(rate: rate, burst: burst, epoch: settings.epoch + 1)
        }
    }

    /// Waits until the caller may send one request and returns how long it waited.
    ///
    /// - Throws: `CancellationError` if the task is cancelled while waiting (the slot is not given back).
    @discardableResult
    public func acquire() async throws -> Duration {
        let start = clock.now
        while true {
            let current = settings.withLock { $0 }
            if current.epoch != bucketEpoch {
                // The rate changed: reservations made at the old one are void; everyone queues again.
                bucket = TokenBucket(ratePerSecond: current.rate, burst: current.burst)
                bucketEpoch = current.epoch
            }
            let reserved = clock.now
            let wait = bucket.reserve(at: reserved)
            guard wait > .zero else { return start.duration(to: clock.now) }
            let deadline = reserved.advanced(by: wait)
            // Sleep in slices, so that a rate change is seen while waiting.
            var changed = false
            while clock.now < deadline {
                let slice = clock.now.advanced(by: Self.recheckInterval)
                try await clock.sleep(until: slice < deadline ? slice : deadline, tolerance: nil)
                if settings.withLock({ $0.epoch }) != current.epoch {
                    changed = true
                    break
                }
            }
            if !changed { return start.duration(to: clock.now) }
        }
    }
}
