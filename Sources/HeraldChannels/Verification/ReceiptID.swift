/// A stable identifier of one provider callback, for the server to dedupe repeated deliveries on.
///
/// Forms: `svix:<svix-id>`, `twilio:<MessageSid>:<MessageStatus>`, `hmac:<delivery id header>`,
/// `sha256:<hex of raw body>`.
public struct ReceiptID: Sendable, Hashable, CustomStringConvertible {
    /// The identifier text.
    public var value: String

    /// Wraps an identifier text.
    /// - Parameter value: The identifier.
    public init(_ value: String) {
        self.value = value
    }

    /// The identifier text.
    public var description: String { value }

    /// A Svix/Resend message: its `svix-id` is the same on every retry.
    /// - Parameter messageID: The `svix-id` header value.
    public static func svix(messageID: String) -> ReceiptID {
        ReceiptID("svix:" + messageID)
    }

    /// A Twilio status callback: one per message and status (Twilio sends each status once, retries repeat it).
    /// - Parameters:
    ///   - messageSid: `MessageSid`.
    ///   - status: `MessageStatus`.
    public static func twilio(messageSid: String, status: String) -> ReceiptID {
        ReceiptID("twilio:" + messageSid + ":" + status.lowercased())
    }

    /// A generic webhook with a sender-assigned delivery id header.
    /// - Parameter deliveryID: The header value.
    public static func generic(deliveryID: String) -> ReceiptID {
        ReceiptID("hmac:" + deliveryID)
    }

    /// A generic webhook without a delivery id: the SHA-256 of the raw body.
    /// - Parameter body: The raw body.
    public static func generic(body: some Sequence<UInt8>) -> ReceiptID {
        ReceiptID("sha256:" + ChannelDigest.sha256Hex(body))
    }
}
