public import HeraldEvents

/// A provider send recognized from the request and response of a successful delivery (see
/// ``ProviderSendRecognizer``): what a ``DispatchRecord`` needs besides the origin.
public struct SentMessage: Sendable, Hashable {
    /// `twilio` or `resend`.
    public var provider: String
    /// Twilio `sid` / Resend `id`.
    public var providerMessageID: String
    /// `sms`, `whatsapp` or `email`.
    public var channel: String
    /// `To` / `to` (several addresses joined by `,`).
    public var recipient: String?
    /// The correlation id sent along (Twilio `StatusCallback` parameter, Resend tag), if any.
    public var correlationID: String?

    /// Creates a sent message.
    /// - Parameters:
    ///   - provider: Provider name.
    ///   - providerMessageID: Provider message id.
    ///   - channel: Channel.
    ///   - recipient: Recipient.
    ///   - correlationID: Correlation id.
    public init(provider: String, providerMessageID: String, channel: String, recipient: String?, correlationID: String?) {
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.channel = channel
        self.recipient = recipient
        self.correlationID = correlationID
    }
}

extension SentMessage {
    /// A sent message: what the request was addressed to and the id the provider gave it.
    public init(_ message: AddressedMessage, providerMessageID: String) {
        self.init(
            provider: message.provider, providerMessageID: providerMessageID, channel: message.channel,
            recipient: message.recipient, correlationID: message.correlationID)
    }
}

extension DispatchRecord {
    /// A record for a recognized send.
    /// - Parameters:
    ///   - message: The recognized send.
    ///   - originEventID: The delivered event's id.
    ///   - rule: The rule name.
    ///   - target: The target id.
    ///   - sentAt: When the provider accepted it (the response time).
    public init(_ message: SentMessage, originEventID: String, rule: String?, target: String?, sentAt: UTCTime) {
        self.init(
            provider: message.provider, providerMessageID: message.providerMessageID, channel: message.channel,
            originEventID: originEventID, rule: rule, target: target, recipient: message.recipient,
            correlationID: message.correlationID, sentAt: sentAt)
    }
}
