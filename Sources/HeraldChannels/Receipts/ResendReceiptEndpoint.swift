#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `/webhooks/resend`: verify the Svix signature (or a Bearer secret), then normalize the event.
public struct ResendReceiptEndpoint: Sendable {
    /// How webhooks are authenticated.
    public enum Authentication: Sendable {
        /// Svix signatures (`svix-id`/`svix-timestamp`/`svix-signature`), the default for Resend.
        case svix(SvixVerifier)
        /// A shared Bearer secret.
        case bearer(BearerTokenVerifier)
    }

    /// The authentication in force.
    public let authentication: Authentication
    /// The normalizer.
    public let normalizer: ResendReceiptNormalizer

    /// Creates the endpoint logic.
    /// - Parameters:
    ///   - authentication: Svix or Bearer.
    ///   - normalizer: Event normalizer.
    public init(authentication: Authentication, normalizer: ResendReceiptNormalizer = ResendReceiptNormalizer()) {
        self.authentication = authentication
        self.normalizer = normalizer
    }

    /// Processes one webhook.
    /// - Parameters:
    ///   - headers: Request headers.
    ///   - body: Raw body bytes (never re-serialized JSON).
    ///   - now: Current time (injected clock) for the timestamp tolerance.
    /// - Returns: The normalized receipt; its `receiptID` is `svix:<svix-id>` (stable across Svix retries) or the
    ///   body hash with Bearer authentication.
    /// - Throws: `ReceiptEndpointError` with the status to answer.
    public func process(headers: ChannelHeaders, body: [UInt8], now: Date) throws(ReceiptEndpointError)
        -> NormalizedReceipt
    {
        var receiptID: ReceiptID?
        do {
            switch authentication {
            case .svix(let verifier):
                receiptID = .svix(messageID: try verifier.verify(headers: headers, body: body, now: now).id)
            case .bearer(let verifier):
                try verifier.verify(headers: headers)
            }
        } catch {
            throw .unauthorized(error)
        }
        do {
            return try normalizer.normalize(body: body, receiptID: receiptID)
        } catch {
            if case .unsupportedEventType(let type) = error { throw .ignored(type) }
            throw .malformed(error)
        }
    }
}
