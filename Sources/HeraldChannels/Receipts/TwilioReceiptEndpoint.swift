#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `/webhooks/twilio`: verify `X-Twilio-Signature`, then normalize the status callback.
public struct TwilioReceiptEndpoint: Sendable {
    /// The signature verifier.
    public let verifier: TwilioSignatureVerifier
    /// The normalizer (its correlation parameter must match the Twilio preset's).
    public let normalizer: TwilioReceiptNormalizer

    /// Creates the endpoint logic.
    /// - Parameters:
    ///   - verifier: Signature verifier.
    ///   - normalizer: Callback normalizer.
    public init(verifier: TwilioSignatureVerifier, normalizer: TwilioReceiptNormalizer = TwilioReceiptNormalizer()) {
        self.verifier = verifier
        self.normalizer = normalizer
    }

    /// Processes one callback.
    /// - Parameters:
    ///   - url: The public URL Twilio called: Herald's configured public base URL + the request target (path and
    ///     query as received). Behind a proxy, use the external URL, not the internal one.
    ///   - headers: Request headers.
    ///   - body: Raw body bytes.
    ///   - receivedAt: Receive time (injected clock).
    /// - Returns: The normalized receipt (dedupe on its `receiptID`).
    /// - Throws: `ReceiptEndpointError` with the status to answer.
    public func process(url: String, headers: ChannelHeaders, body: [UInt8], receivedAt: Date)
        throws(ReceiptEndpointError) -> NormalizedReceipt
    {
        let verified: VerifiedTwilioRequest
        do {
            verified = try verifier.verify(url: url, headers: headers, body: body)
        } catch {
            throw .unauthorized(error)
        }
        do {
            return try normalizer.normalize(parameters: verified.parameters, callbackURL: url, receivedAt: receivedAt)
        } catch {
            throw .malformed(error)
        }
    }
}
