public import HeraldJSON

/// Where a delivered message came from: the event, rule and target whose delivery produced it (looked up by the
/// server from the provider message id or correlation id).
public struct DeliveryOrigin: Sendable, Hashable {
    /// The originating event's id.
    public var eventID: String?
    /// The rule that matched it.
    public var rule: String?
    /// The target that sent it.
    public var target: String?

    /// Creates an origin.
    /// - Parameters:
    ///   - eventID: Originating event id.
    ///   - rule: Rule name.
    ///   - target: Target id.
    public init(eventID: String? = nil, rule: String? = nil, target: String? = nil) {
        self.eventID = eventID
        self.rule = rule
        self.target = target
    }
}

/// The event Herald re-ingests for a receipt: `source`, `detail-type` and `detail`.
public struct DeliveryStatusEvent: Sendable, Hashable {
    /// The event source used for receipts.
    public static let source = "com.notifications"

    /// `com.notifications`.
    public var source: String
    /// `DeliveryStatus`, `Bounce`, `Open`, `Click` or `Complaint` (see ``ReceiptStatus/detailType``).
    public var detailType: String
    /// The detail object (see ``detail(for:origin:)``).
    public var detail: JSONValue

    /// Builds the event for a receipt.
    /// - Parameters:
    ///   - receipt: The normalized receipt.
    ///   - origin: The originating event/rule/target, when known.
    public init(receipt: NormalizedReceipt, origin: DeliveryOrigin? = nil) {
        self.source = Self.source
        self.detailType = receipt.status.detailType
        self.detail = Self.detail(for: receipt, origin: origin)
    }

    /// The `detail` object: `channel, provider, provider_message_id, status, error_code, recipient, occurred_at,
    /// origin_event_id, rule, target, correlation_id`, in that order, `null` where unknown.
    /// - Parameters:
    ///   - receipt: The normalized receipt.
    ///   - origin: The originating event/rule/target, when known.
    /// - Returns: The detail JSON object.
    public static func detail(for receipt: NormalizedReceipt, origin: DeliveryOrigin?) -> JSONValue {
        detail(
            channel: receipt.channel, provider: receipt.provider.rawValue, providerMessageID: receipt.providerMessageID,
            status: receipt.status.rawValue, errorCode: receipt.errorCode, recipient: receipt.recipient,
            occurredAt: receipt.occurredAt, origin: origin, correlationID: receipt.correlationID)
    }

    /// The `detail` object from its parts, for statuses that do not come from a provider receipt (e.g. Herald's own
    /// `overdue`) or providers without a ``ChannelProvider`` case (generic HMAC sources). Same fields and order as
    /// ``detail(for:origin:)``.
    /// - Parameters:
    ///   - channel: `sms`, `whatsapp`, `email`, …
    ///   - provider: Provider or source name.
    ///   - providerMessageID: The provider's message id.
    ///   - status: Status text (`delivered`, `overdue`, …).
    ///   - errorCode: Provider error code, if any.
    ///   - recipient: Recipient address, if known.
    ///   - occurredAt: RFC 3339 time.
    ///   - origin: The originating event/rule/target, when known.
    ///   - correlationID: Correlation id, if known.
    /// - Returns: The detail JSON object.
    public static func detail(
        channel: String, provider: String, providerMessageID: String, status: String, errorCode: String?,
        recipient: String?, occurredAt: String, origin: DeliveryOrigin?, correlationID: String?
    ) -> JSONValue {
        func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object(
            JSONObject([
                ("channel", .string(channel)),
                ("provider", .string(provider)),
                ("provider_message_id", .string(providerMessageID)),
                ("status", .string(status)),
                ("error_code", optional(errorCode)),
                ("recipient", optional(recipient)),
                ("occurred_at", .string(occurredAt)),
                ("origin_event_id", optional(origin?.eventID)),
                ("rule", optional(origin?.rule)),
                ("target", optional(origin?.target)),
                ("correlation_id", optional(correlationID)),
            ]))
    }
}
