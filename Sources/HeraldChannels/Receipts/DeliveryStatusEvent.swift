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
        func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object(
            JSONObject([
                ("channel", .string(receipt.channel)),
                ("provider", .string(receipt.provider.rawValue)),
                ("provider_message_id", .string(receipt.providerMessageID)),
                ("status", .string(receipt.status.rawValue)),
                ("error_code", optional(receipt.errorCode)),
                ("recipient", optional(receipt.recipient)),
                ("occurred_at", .string(receipt.occurredAt)),
                ("origin_event_id", optional(origin?.eventID)),
                ("rule", optional(origin?.rule)),
                ("target", optional(origin?.target)),
                ("correlation_id", optional(receipt.correlationID)),
            ]))
    }
}
