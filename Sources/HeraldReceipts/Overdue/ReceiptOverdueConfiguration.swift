/// When a dispatched message counts as overdue: no settling receipt (delivered or later, or terminal) within its
/// channel's timeout after `sentAt`.
public struct ReceiptOverdueConfiguration: Sendable, Hashable {
    /// Timeout for channels without their own (default 10 minutes).
    public var defaultTimeout: Duration
    /// Timeout per channel (`sms`, `whatsapp`, `email`, …).
    public var channelTimeouts: [String: Duration]
    /// Time between checks (default 15 s).
    public var interval: Duration
    /// Records read per page (default 256).
    public var pageSize: Int
    /// How long dispatch records, statuses and dedupe marks are kept (default 7 days; `nil` keeps them forever).
    public var retention: Duration?
    /// Time between retention passes (default 1 hour).
    public var pruneInterval: Duration

    /// Creates a configuration.
    /// - Parameters:
    ///   - defaultTimeout: Default timeout.
    ///   - channelTimeouts: Per-channel timeouts.
    ///   - interval: Check interval.
    ///   - pageSize: Page size.
    ///   - retention: Retention of receipt state (`nil`: forever).
    ///   - pruneInterval: Time between retention passes.
    public init(
        defaultTimeout: Duration = .seconds(600), channelTimeouts: [String: Duration] = [:],
        interval: Duration = .seconds(15), pageSize: Int = 256, retention: Duration? = .seconds(7 * 86_400),
        pruneInterval: Duration = .seconds(3_600)
    ) {
        self.defaultTimeout = defaultTimeout
        self.channelTimeouts = channelTimeouts
        self.interval = interval
        self.pageSize = max(1, pageSize)
        self.retention = retention
        self.pruneInterval = pruneInterval
    }

    /// The timeout of `channel`.
    /// - Parameter channel: The channel name.
    public func timeout(for channel: String) -> Duration {
        channelTimeouts[channel] ?? defaultTimeout
    }

    /// The shortest configured timeout (how far back the sent-time index must be read).
    public var shortestTimeout: Duration {
        channelTimeouts.values.reduce(defaultTimeout) { min($0, $1) }
    }
}
