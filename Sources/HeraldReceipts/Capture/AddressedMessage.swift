/// What a provider request says about the message, whatever the provider answered: who it was for and which
/// incident it belongs to (see ``ProviderSendRecognizer/addressed(requestURL:requestBody:)``). A failed or
/// dead-lettered page keeps these in the ledger, so "was the page sent?" has a row to answer "no".
public struct AddressedMessage: Sendable, Hashable {
    /// `twilio` or `resend`.
    public var provider: String
    /// `sms`, `whatsapp` or `email`.
    public var channel: String
    /// `To` / `to` (several addresses joined by `,`).
    public var recipient: String?
    /// The correlation id sent along (Twilio `StatusCallback` parameter, Resend tag), if any.
    public var correlationID: String?

    /// Creates a value.
    public init(provider: String, channel: String, recipient: String?, correlationID: String?) {
        self.provider = provider
        self.channel = channel
        self.recipient = recipient
        self.correlationID = correlationID
    }
}
