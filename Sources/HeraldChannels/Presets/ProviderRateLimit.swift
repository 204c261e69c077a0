/// One sliding-window limit: at most `limit` requests per `seconds`.
public struct RateWindow: Sendable, Hashable {
    /// Requests allowed in the window.
    public var limit: Int
    /// Window length in seconds.
    public var seconds: Int

    /// Creates a window.
    /// - Parameters:
    ///   - limit: Requests allowed.
    ///   - seconds: Window length in seconds.
    public init(limit: Int, seconds: Int) {
        self.limit = limit
        self.seconds = seconds
    }

    /// The window's average rate in requests per second.
    public var perSecond: Double { Double(limit) / Double(max(seconds, 1)) }
}

/// A provider's documented send limits, for the delivery layer to pace a target. All windows apply at once.
public struct ProviderRateLimit: Sendable, Hashable {
    /// Windows that must all be respected.
    public var windows: [RateWindow]
    /// Maximum requests in flight at once, if the provider limits concurrency instead of rate.
    public var maxConcurrentRequests: Int?
    /// How long the provider blocks a sender that exceeds the limit, if documented (DingTalk: 10 minutes).
    public var penaltySeconds: Int?

    /// Creates a limit.
    /// - Parameters:
    ///   - windows: Windows that all apply.
    ///   - maxConcurrentRequests: Concurrency limit, if any.
    ///   - penaltySeconds: Throttle period after exceeding the limit, if documented.
    public init(windows: [RateWindow], maxConcurrentRequests: Int? = nil, penaltySeconds: Int? = nil) {
        self.windows = windows
        self.maxConcurrentRequests = maxConcurrentRequests
        self.penaltySeconds = penaltySeconds
    }

    /// The tightest sustained rate in requests per second (`nil` when no window is set).
    public var sustainedPerSecond: Double? { windows.map(\.perSecond).min() }

    /// Twilio: the REST API limits concurrency (default 100 concurrent requests per account, answered with
    /// 429/20429); Twilio queues messages per sender itself.
    public static let twilio = ProviderRateLimit(windows: [], maxConcurrentRequests: 100)
    /// Resend: 5 requests/s per team (older docs: 2/s; read the `ratelimit-*` headers).
    public static let resend = ProviderRateLimit(windows: [RateWindow(limit: 5, seconds: 1)])
    /// DingTalk custom robot: 20 messages/min per robot; exceeding it throttles the robot for 10 minutes.
    public static let dingTalk = ProviderRateLimit(windows: [RateWindow(limit: 20, seconds: 60)], penaltySeconds: 600)
    /// Lark/Feishu custom bot: 5 requests/s and 100 requests/min per bot.
    public static let lark = ProviderRateLimit(windows: [RateWindow(limit: 5, seconds: 1), RateWindow(limit: 100, seconds: 60)])
    /// Slack incoming webhook: 1 message/s (short bursts allowed).
    public static let slack = ProviderRateLimit(windows: [RateWindow(limit: 1, seconds: 1)])
    /// Supabase REST: no fixed documented rate; bounded by the database pool (keep concurrency modest).
    public static let supabase = ProviderRateLimit(windows: [], maxConcurrentRequests: 10)
}
