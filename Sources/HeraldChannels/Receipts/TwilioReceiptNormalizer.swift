#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Turns a verified Twilio status callback into a ``NormalizedReceipt``.
public struct TwilioReceiptNormalizer: Sendable {
    /// Query parameter of the callback URL that carries the correlation id (must match the preset's).
    public var correlationParameter: String

    /// Creates a normalizer.
    /// - Parameter correlationParameter: Callback URL parameter carrying the correlation id.
    public init(correlationParameter: String = "cid") {
        self.correlationParameter = correlationParameter
    }

    /// Normalizes a status callback.
    /// - Parameters:
    ///   - parameters: The verified form parameters (``VerifiedTwilioRequest/parameters``).
    ///   - callbackURL: The URL Twilio called (its query carries the correlation id).
    ///   - receivedAt: Receive time; Twilio callbacks carry no timestamp of their own (`RawDlrDoneDate` has no
    ///     timezone), so this becomes `occurred_at`.
    /// - Returns: The normalized receipt.
    /// - Throws: `ReceiptNormalizationError.missingField` without `MessageSid` or a status.
    public func normalize(parameters: [FormParameter], callbackURL: String, receivedAt: Date)
        throws(ReceiptNormalizationError) -> NormalizedReceipt
    {
        func value(_ name: String) -> String? {
            parameters.first { $0.name == name && !$0.value.isEmpty }?.value
        }
        guard let sid = value("MessageSid") ?? value("SmsSid") else { throw .missingField("MessageSid") }
        guard let providerStatus = value("MessageStatus") ?? value("SmsStatus") else {
            throw .missingField("MessageStatus")
        }
        let to = value("To")
        let from = value("From")
        let isWhatsApp =
            value("ChannelPrefix")?.lowercased() == "whatsapp" || to?.hasPrefix("whatsapp:") == true
            || from?.hasPrefix("whatsapp:") == true
        let errorCode = value("ErrorCode").flatMap { $0 == "0" ? nil : $0 }
        let correlation = WebhookURL(callbackURL)?.queryParameters.first { $0.name == correlationParameter }?.value
        return NormalizedReceipt(
            channel: isWhatsApp ? "whatsapp" : "sms", provider: .twilio, providerMessageID: sid,
            status: ReceiptStatus.twilio(providerStatus), providerStatus: providerStatus.lowercased(),
            errorCode: errorCode, errorMessage: value("ErrorMessage"), recipient: to,
            occurredAt: RFC3339.format(unixMilliseconds: Int64((receivedAt.timeIntervalSince1970 * 1000).rounded(.down))),
            correlationID: correlation.flatMap { $0.isEmpty ? nil : $0 },
            receiptID: .twilio(messageSid: sid, status: providerStatus))
    }
}
