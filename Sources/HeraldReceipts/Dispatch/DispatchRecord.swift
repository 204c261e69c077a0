public import HeraldEvents

/// What the delivery engine knows about one message a provider accepted: written after a successful send, read when
/// the provider's receipts come back (to correlate them with the originating event) and by the overdue check.
public struct DispatchRecord: Sendable, Hashable {
    /// Provider or source name as used in receipts: `twilio`, `resend`, or a generic source name.
    public var provider: String
    /// The provider's message id (Twilio `sid`, Resend `id`).
    public var providerMessageID: String
    /// `sms`, `whatsapp`, `email`, … (selects the overdue deadline).
    public var channel: String
    /// The id of the event whose delivery sent the message.
    public var originEventID: String
    /// The rule that matched the event.
    public var rule: String?
    /// The target (id or ARN) that sent the message.
    public var target: String?
    /// The recipient address, if known.
    public var recipient: String?
    /// The correlation id carried through the provider (callback `cid`, email tag), if any.
    public var correlationID: String?
    /// When the provider accepted the message.
    public var sentAt: UTCTime
    /// When Herald emitted `ReceiptOverdue` for this message (`nil` until then). Set by the store, not by callers.
    public var overdueEmittedAt: UTCTime?

    /// Creates a record.
    /// - Parameters:
    ///   - provider: Provider or source name (`twilio`, `resend`, …).
    ///   - providerMessageID: The provider's message id.
    ///   - channel: Channel name.
    ///   - originEventID: Originating event id.
    ///   - rule: Rule name.
    ///   - target: Target id.
    ///   - recipient: Recipient address.
    ///   - correlationID: Correlation id.
    ///   - sentAt: When the provider accepted the message.
    public init(
        provider: String, providerMessageID: String, channel: String, originEventID: String, rule: String? = nil,
        target: String? = nil, recipient: String? = nil, correlationID: String? = nil, sentAt: UTCTime
    ) {
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.channel = channel
        self.originEventID = originEventID
        self.rule = rule
        self.target = target
        self.recipient = recipient
        self.correlationID = correlationID
        self.sentAt = sentAt
        self.overdueEmittedAt = nil
    }
}
