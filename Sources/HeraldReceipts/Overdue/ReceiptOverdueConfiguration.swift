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

    /// Creates a configuration.
    /// - Parameters:
    ///   - defaultTimeout: Default timeout.
    ///   - channelTimeouts: Per-channel timeouts.
    ///   - interval: Check interval.
    ///   - pageSize: Page size.
    public init(
        defaultTimeout: Duration = .seconds(600), channelTimeouts: [String: Duration] = [:],
        interval: Duration = .seconds(15), pageSize: Int = 256
    ) {
        self.defaultTimeout = defaultTimeout
        self.channelTimeouts = channelTimeouts
        self.interval = interval
        self.pageSize = max(1, pageSize)
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
