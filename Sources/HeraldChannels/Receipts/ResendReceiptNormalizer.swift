public import HeraldJSON

/// Turns a verified Resend webhook body into a ``NormalizedReceipt``.
public struct ResendReceiptNormalizer: Sendable {
    /// Tag names searched, in order, for the correlation id (`data.tags` as an object map or `[{name, value}]`).
    public var correlationTags: [String]

    /// Creates a normalizer.
    /// - Parameter correlationTags: Tag names carrying the correlation id (first found wins).
    public init(correlationTags: [String] = ["correlation_id", "incident_id"]) {
        self.correlationTags = correlationTags
    }

    /// Normalizes a webhook body.
    /// - Parameters:
    ///   - body: The raw JSON body (already verified).
    ///   - receiptID: The dedupe id (``ReceiptID/svix(messageID:)`` of the verified message); defaults to the body
    ///     hash.
    /// - Returns: The normalized receipt.
    /// - Throws: `ReceiptNormalizationError.malformedBody` for non-JSON, `.unsupportedEventType` for events that
    ///   are not email statuses, `.missingField` without `type`, `data.email_id` or a timestamp.
    public func normalize(body: [UInt8], receiptID: ReceiptID? = nil) throws(ReceiptNormalizationError)
        -> NormalizedReceipt
    {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            throw .malformedBody(error.description)
        }
        guard let type = json["type"]?.stringValue else { throw .missingField("type") }
        guard let status = ReceiptStatus.resend(type) else { throw .unsupportedEventType(type) }
        guard let data = json["data"], data.objectValue != nil else { throw .missingField("data") }
        guard let emailID = data["email_id"]?.stringValue, !emailID.isEmpty else {
            throw .missingField("data.email_id")
        }
        guard let occurredAt = json["created_at"]?.stringValue ?? data["created_at"]?.stringValue else {
            throw .missingField("created_at")
        }
        let recipients = data["to"]?.arrayValue?.compactMap(\.stringValue) ?? data["to"]?.stringValue.map { [$0] } ?? []
        let (code, message) = Self.error(status: status, data: data)
        return NormalizedReceipt(
            channel: "email", provider: .resend, providerMessageID: emailID, status: status, providerStatus: type,
            errorCode: code, errorMessage: message, recipient: recipients.isEmpty ? nil : recipients.joined(separator: ","),
            occurredAt: occurredAt, correlationID: correlation(in: data["tags"]),
            receiptID: receiptID ?? .generic(body: body))
    }

    /// The correlation id in the first configured correlation tag of `tags` (object map or array of `{name, value}`),
    /// decoded when Herald had to encode it (``ResendCorrelationTag``).
    /// - Parameter tags: `data.tags`.
    /// - Returns: The correlation id, or `nil`.
    public func correlation(in tags: JSONValue?) -> String? {
        guard let tags else { return nil }
        for name in correlationTags {
            if let value = tags[name]?.stringValue, !value.isEmpty { return ResendCorrelationTag.id(fromValue: value) }
            for tag in tags.arrayValue ?? [] where tag["name"]?.stringValue == name {
                if let value = tag["value"]?.stringValue, !value.isEmpty { return ResendCorrelationTag.id(fromValue: value) }
            }
        }
        return nil
    }

    private static func error(status: ReceiptStatus, data: JSONValue) -> (String?, String?) {
        switch status {
        case .bounced:
            let bounce = data["bounce"]
            let parts = [bounce?["type"]?.stringValue, bounce?["subType"]?.stringValue].compactMap { $0 }
            return (parts.isEmpty ? nil : parts.joined(separator: "/"), bounce?["message"]?.stringValue)
        case .failed:
            return ("failed", data["failed"]?["reason"]?.stringValue)
        case .suppressed:
            return (data["suppressed"]?["type"]?.stringValue ?? "suppressed", data["suppressed"]?["message"]?.stringValue)
        case .complained:
            return ("complained", nil)
        default:
            return (nil, nil)
        }
    }
}
