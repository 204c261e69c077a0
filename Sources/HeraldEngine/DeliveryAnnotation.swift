/// What a ``DeliveryObserver`` learned about a successful delivery (e.g. the provider message it became), kept
/// in the delivery-outcome journal so the ledger can tie receipts to sends.
public struct DeliveryAnnotation: Sendable, Hashable {
    /// Provider name (`twilio`, `resend`, …).
    public var provider: String?
    /// The provider's message id.
    public var providerMessageID: String?
    /// `sms`, `whatsapp`, `email`, …
    public var channel: String?
    /// The recipient address.
    public var recipient: String?
    /// The correlation id sent along with the message.
    public var correlationID: String?

    /// Creates a value.
    public init(
        provider: String? = nil, providerMessageID: String? = nil, channel: String? = nil, recipient: String? = nil,
        correlationID: String? = nil
    ) {
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.channel = channel
        self.recipient = recipient
        self.correlationID = correlationID
    }
}
