import HeraldEvents
import HeraldJSON

/// The stored form of a record: a JSON object with snake_case members, times in nanoseconds since 1970.
extension DispatchRecord {
    /// The JSON bytes stored in the catalog.
    var encoded: [UInt8] {
        func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let object = JSONObject([
            ("provider", .string(provider)),
            ("provider_message_id", .string(providerMessageID)),
            ("channel", .string(channel)),
            ("origin_event_id", .string(originEventID)),
            ("rule", optional(rule)),
            ("target", optional(target)),
            ("recipient", optional(recipient)),
            ("correlation_id", optional(correlationID)),
            ("sent_at_ns", .string(String(sentAt.nanosecondsSince1970))),
            ("overdue_emitted_at_ns", optional(overdueEmittedAt.map { String($0.nanosecondsSince1970) })),
        ])
        return JSONValue.object(object).jsonBytes
    }

    /// Decodes a stored record.
    /// - Parameters:
    ///   - bytes: The stored JSON.
    ///   - key: The catalog key (for the error).
    /// - Throws: `ReceiptStoreError.corruptRecord` when the bytes are not a record.
    init(decoding bytes: [UInt8], key: String) throws(ReceiptStoreError) {
        guard let value = try? JSONValue(parsing: bytes), let object = value.objectValue else {
            throw .corruptRecord(key: key, reason: "not a JSON object")
        }
        func required(_ name: String) throws(ReceiptStoreError) -> String {
            guard let text = object[name]?.stringValue else { throw .corruptRecord(key: key, reason: "missing \(name)") }
            return text
        }
        func time(_ text: String?) throws(ReceiptStoreError) -> UTCTime? {
            guard let text else { return nil }
            guard let nanoseconds = Int64(text) else { throw .corruptRecord(key: key, reason: "bad time \(text)") }
            return UTCTime(nanosecondsSince1970: nanoseconds)
        }
        let sentAt = try time(try required("sent_at_ns")) ?? UTCTime(nanosecondsSince1970: 0)
        self.init(
            provider: try required("provider"), providerMessageID: try required("provider_message_id"),
            channel: try required("channel"), originEventID: try required("origin_event_id"),
            rule: object["rule"]?.stringValue, target: object["target"]?.stringValue,
            recipient: object["recipient"]?.stringValue, correlationID: object["correlation_id"]?.stringValue,
            sentAt: sentAt)
        self.overdueEmittedAt = try time(object["overdue_emitted_at_ns"]?.stringValue)
    }
}
