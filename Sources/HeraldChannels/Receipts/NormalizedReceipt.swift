/// One provider callback in Herald's provider-neutral form.
public struct NormalizedReceipt: Sendable, Hashable {
    /// `sms`, `whatsapp` or `email`.
    public var channel: String
    /// The provider (`twilio`, `resend`).
    public var provider: ChannelProvider
    /// The provider's message id (Twilio `MessageSid`, Resend `email_id`).
    public var providerMessageID: String
    /// Normalized status.
    public var status: ReceiptStatus
    /// The provider's own status or event type (`delivered`, `email.bounced`).
    public var providerStatus: String
    /// Provider error code (Twilio `ErrorCode`, Resend bounce type/subtype, failure or suppression type).
    public var errorCode: String?
    /// Human-readable error detail (bounce message, failure reason), if any.
    public var errorMessage: String?
    /// Recipient address.
    public var recipient: String?
    /// When the status occurred (RFC 3339): the provider's timestamp, or the receive time when the provider sends none.
    public var occurredAt: String
    /// Correlation id carried through the provider (callback URL parameter or email tag).
    public var correlationID: String?
    /// Stable id to dedupe repeated callbacks on.
    public var receiptID: ReceiptID

    /// Creates a receipt.
    /// - Parameters:
    ///   - channel: Channel name.
    ///   - provider: Provider.
    ///   - providerMessageID: Provider message id.
    ///   - status: Normalized status.
    ///   - providerStatus: Provider status text.
    ///   - errorCode: Error code.
    ///   - errorMessage: Error detail.
    ///   - recipient: Recipient.
    ///   - occurredAt: RFC 3339 time.
    ///   - correlationID: Correlation id.
    ///   - receiptID: Dedupe id.
    public init(
        channel: String, provider: ChannelProvider, providerMessageID: String, status: ReceiptStatus,
        providerStatus: String, errorCode: String? = nil, errorMessage: String? = nil, recipient: String? = nil,
        occurredAt: String, correlationID: String? = nil, receiptID: ReceiptID
    ) {
        self.channel = channel
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.status = status
        self.providerStatus = providerStatus
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.recipient = recipient
        self.occurredAt = occurredAt
        self.correlationID = correlationID
        self.receiptID = receiptID
    }
}

/// Why a verified callback could not be normalized.
public enum ReceiptNormalizationError: Error, Sendable, Equatable {
    /// A required field is missing.
    case missingField(String)
    /// The body is not what the provider documents (e.g. not JSON).
    case malformedBody(String)
    /// The event is not an email/message status (e.g. `contact.created`): acknowledge it and ignore it.
    case unsupportedEventType(String)
}
