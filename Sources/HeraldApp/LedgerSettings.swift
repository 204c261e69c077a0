import HeraldEvents
import HeraldJSON

/// How the delivery ledger is fed: where correlation ids are found, which events are receipts, retention.
public struct LedgerSettings: Sendable {
    /// Whether the ledger runs at all (`ledger.sqlite` in the data directory).
    public var enabled: Bool
    /// Paths into the event tried in order for its correlation (incident) id; the first string or number wins.
    public var correlationPaths: [JSONPath]
    /// `source` of re-ingested receipt events (the webhooks' `ReceiptSource`).
    public var receiptSource: String
    /// Delete ledger rows older than this many days (`nil`: keep forever).
    public var retentionDays: Int?
    /// Log records and journal entries taken per step.
    public var batchSize: Int
    /// Longest idle wait before looking at the journal again.
    public var pollInterval: Duration
    /// Longest `detail` text kept per event row.
    public var maxDetailBytes: Int
    /// Events appended per second above which the feed waits for an ingest burst to pass (0: never for ingest).
    public var deferWhileIngestAbove: Int
    /// Delivery outcomes per second above which the feed waits for a delivery burst to pass (0: never for delivery).
    public var deferWhileDeliveryAbove: Int
    /// The longest the feed waits at a stretch for a burst to pass (zero: it never waits).
    public var maximumDeferral: Duration

    /// The default correlation paths: `$.detail.incident_id`, `$.detail.incidentId`, `$.detail.correlation_id`,
    /// `$.detail.correlationId`.
    public static let defaultCorrelationPaths = ["$.detail.incident_id", "$.detail.incidentId", "$.detail.correlation_id", "$.detail.correlationId"]

    /// Creates settings. A deferral limit left `nil` takes ``LedgerDeferral``'s default.
    public init(
        enabled: Bool = true, correlationPaths: [JSONPath]? = nil, receiptSource: String = "com.notifications",
        retentionDays: Int? = 30, batchSize: Int = 2_000, pollInterval: Duration = .milliseconds(250), maxDetailBytes: Int = 16_384,
        deferWhileIngestAbove: Int? = nil, deferWhileDeliveryAbove: Int? = nil, maximumDeferral: Duration? = nil
    ) {
        self.enabled = enabled
        self.correlationPaths = correlationPaths ?? Self.defaultCorrelationPaths.compactMap { try? JSONPath(parsing: $0) }
        self.receiptSource = receiptSource
        self.retentionDays = retentionDays
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.maxDetailBytes = max(256, maxDetailBytes)
        self.deferWhileIngestAbove = max(0, deferWhileIngestAbove ?? Int(LedgerDeferral.busyEventRate))
        self.deferWhileDeliveryAbove = max(0, deferWhileDeliveryAbove ?? Int(LedgerDeferral.busyOutcomeRate))
        self.maximumDeferral = max(.zero, maximumDeferral ?? LedgerDeferral.defaultMaximumDelay)
    }

    /// A fresh deferral with these limits.
    func makeDeferral() -> LedgerDeferral {
        LedgerDeferral(
            outcomeRateLimit: Double(deferWhileDeliveryAbove), eventRateLimit: Double(deferWhileIngestAbove), maximumDelay: maximumDeferral)
    }

    /// The event's correlation id: the first configured path holding a string or number.
    func correlationID(in event: JSONValue) -> String? {
        for path in correlationPaths {
            switch path.evaluate(in: event) {
            case .string(let text)? where !text.isEmpty: return text
            case .number(let number)?: return number.literal
            default: continue
            }
        }
        return nil
    }
}
