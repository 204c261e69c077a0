/// Delivery figures per target over a time window (``LedgerStore/deliveryReport(since:until:)``).
public struct LedgerDeliveryReport: Sendable, Hashable {
    /// Figures for one target.
    public struct Target: Sendable, Hashable {
        /// The target id.
        public var target: String
        /// Attempts with outcome `delivered` (the target or provider accepted the request).
        public var sent: Int
        /// Sends with at least one `delivered`, `read` or `opened` receipt.
        public var delivered: Int
        /// Sends whose receipts report `failed`, `undelivered` or `bounced` and none of the delivered statuses.
        public var undelivered: Int
        /// Attempts with outcome `failed_retrying`.
        public var failed: Int
        /// Attempts with outcome `dead_lettered`.
        public var deadLettered: Int
        /// Median time from send to its first delivered receipt, in milliseconds (`nil` without receipts).
        public var p50TimeToDeliveredMilliseconds: Int64?
        /// 95th percentile (nearest rank) of the same, in milliseconds.
        public var p95TimeToDeliveredMilliseconds: Int64?

        /// Creates a target's figures.
        public init(
            target: String, sent: Int, delivered: Int, undelivered: Int, failed: Int, deadLettered: Int,
            p50TimeToDeliveredMilliseconds: Int64?, p95TimeToDeliveredMilliseconds: Int64?
        ) {
            self.target = target
            self.sent = sent
            self.delivered = delivered
            self.undelivered = undelivered
            self.failed = failed
            self.deadLettered = deadLettered
            self.p50TimeToDeliveredMilliseconds = p50TimeToDeliveredMilliseconds
            self.p95TimeToDeliveredMilliseconds = p95TimeToDeliveredMilliseconds
        }
    }

    /// Window start (inclusive), milliseconds since the Unix epoch.
    public var since: Int64
    /// Window end (exclusive), milliseconds since the Unix epoch.
    public var until: Int64
    /// One entry per target with attempts in the window, ordered by target id.
    public var targets: [Target]

    /// Creates a report.
    public init(since: Int64, until: Int64, targets: [Target]) {
        self.since = since
        self.until = until
        self.targets = targets
    }

    /// The report as a result set with columns
    /// `target, sent, delivered, undelivered, failed, dead_lettered, p50_ms, p95_ms`.
    public var resultSet: LedgerResultSet {
        LedgerResultSet(
            columns: ["target", "sent", "delivered", "undelivered", "failed", "dead_lettered", "p50_ms", "p95_ms"],
            rows: targets.map { figures in
                [
                    .text(figures.target), .integer(Int64(figures.sent)), .integer(Int64(figures.delivered)),
                    .integer(Int64(figures.undelivered)), .integer(Int64(figures.failed)),
                    .integer(Int64(figures.deadLettered)),
                    figures.p50TimeToDeliveredMilliseconds.map(LedgerValue.integer) ?? .null,
                    figures.p95TimeToDeliveredMilliseconds.map(LedgerValue.integer) ?? .null,
                ]
            }
        )
    }

    /// Renders the report as a table, JSON or CSV.
    public func rendered(as format: LedgerOutputFormat) -> String {
        resultSet.rendered(as: format)
    }

    /// The nearest-rank percentile (`fraction` in 0...1) of sorted values, or `nil` when empty.
    static func percentile(_ sorted: [Int64], _ fraction: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
