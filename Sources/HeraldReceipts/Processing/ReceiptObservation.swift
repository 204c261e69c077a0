public import HeraldChannels

/// A verified receipt in provider-neutral form, for any provider or generic source (``NormalizedReceipt`` with the
/// provider as text).
public struct ReceiptObservation: Sendable, Hashable {
    /// `sms`, `whatsapp`, `email`, … (`nil` for generic sources that do not say: the dispatch record's channel is used).
    public var channel: String?
    /// Provider or source name.
    public var provider: String
    /// The provider's message id.
    public var providerMessageID: String
    /// Normalized status.
    public var status: ReceiptStatus
    /// The provider's own status text.
    public var providerStatus: String
    /// Provider error code, if any.
    public var errorCode: String?
    /// Recipient, if the receipt says.
    public var recipient: String?
    /// RFC 3339 time of the status.
    public var occurredAt: String
    /// Correlation id carried by the receipt, if any.
    public var correlationID: String?
    /// Dedupe id.
    public var receiptID: ReceiptID

    /// Creates an observation.
    /// - Parameters:
    ///   - channel: Channel, if known.
    ///   - provider: Provider or source name.
    ///   - providerMessageID: Provider message id.
    ///   - status: Normalized status.
    ///   - providerStatus: Provider status text.
    ///   - errorCode: Error code.
    ///   - recipient: Recipient.
    ///   - occurredAt: RFC 3339 time.
    ///   - correlationID: Correlation id.
    ///   - receiptID: Dedupe id.
    public init(
        channel: String?, provider: String, providerMessageID: String, status: ReceiptStatus, providerStatus: String,
        errorCode: String? = nil, recipient: String? = nil, occurredAt: String, correlationID: String? = nil,
        receiptID: ReceiptID
    ) {
        self.channel = channel
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.status = status
        self.providerStatus = providerStatus
        self.errorCode = errorCode
        self.recipient = recipient
        self.occurredAt = occurredAt
        self.correlationID = correlationID
        self.receiptID = receiptID
    }

    /// Wraps a Twilio or Resend receipt.
    /// - Parameter receipt: The normalized receipt.
    public init(_ receipt: NormalizedReceipt) {
        self.init(
            channel: receipt.channel, provider: receipt.provider.rawValue, providerMessageID: receipt.providerMessageID,
            status: receipt.status, providerStatus: receipt.providerStatus, errorCode: receipt.errorCode,
            recipient: receipt.recipient, occurredAt: receipt.occurredAt, correlationID: receipt.correlationID,
            receiptID: receipt.receiptID)
    }
}
