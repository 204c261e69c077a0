/// One provider receipt (delivery status callback), as stored in the `receipts` table.
///
/// The raw payload is not copied: `receiptEventID` / `logSequence` point at the normalized receipt event
/// in Herald's log (and in the `events` table while it is retained).
public struct LedgerReceipt: Sendable, Hashable {
    /// The id of the re-ingested receipt event (unique key of the row; the raw payload reference).
    public var receiptEventID: String
    /// The receipt event's sequence in the log.
    public var logSequence: UInt64
    /// The provider (`twilio`, `resend`, …).
    public var provider: String
    /// The provider's message id the receipt is about.
    public var providerMessageID: String
    /// The normalized status: `queued`, `sent`, `delivered`, `read`, `opened`, `failed`, `undelivered`,
    /// `bounced`, `complained`, …
    public var status: String
    /// The provider's error code, if any.
    public var errorCode: String?
    /// The recipient, if the receipt names it.
    public var recipient: String?
    /// When the provider says the status change happened, in milliseconds since the Unix epoch.
    public var occurredAtMilliseconds: Int64
    /// The id of the event whose dispatch produced the message, if known.
    public var originEventID: String?
    /// The rule of the originating dispatch, if known.
    public var rule: String?
    /// The target of the originating dispatch, if known.
    public var target: String?
    /// The channel, if known.
    public var channel: String?
    /// The incident / correlation id, if the receipt carries it (Twilio callback URL, Resend tag).
    public var correlationID: String?

    /// Creates a receipt row.
    public init(
        receiptEventID: String, logSequence: UInt64, provider: String, providerMessageID: String, status: String,
        errorCode: String? = nil, recipient: String? = nil, occurredAtMilliseconds: Int64,
        originEventID: String? = nil, rule: String? = nil, target: String? = nil, channel: String? = nil,
        correlationID: String? = nil
    ) {
        self.receiptEventID = receiptEventID
        self.logSequence = logSequence
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.status = status
        self.errorCode = errorCode
        self.recipient = recipient
        self.occurredAtMilliseconds = occurredAtMilliseconds
        self.originEventID = originEventID
        self.rule = rule
        self.target = target
        self.channel = channel
        self.correlationID = correlationID
    }
}
