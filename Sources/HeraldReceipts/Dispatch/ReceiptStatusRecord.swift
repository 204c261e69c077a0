public import HeraldChannels
public import HeraldEvents
import HeraldJSON

/// The status recorded for one message: the highest-ranked status received so far (see
/// `ReceiptStatus.canReplace(_:with:)`).
public struct ReceiptStatusRecord: Sendable, Hashable {
    /// The normalized status.
    public var status: ReceiptStatus
    /// The provider's own status text.
    public var providerStatus: String
    /// The receipt that set it.
    public var receiptID: ReceiptID
    /// When Herald received that receipt.
    public var receivedAt: UTCTime

    /// Creates a status record.
    /// - Parameters:
    ///   - status: Normalized status.
    ///   - providerStatus: Provider status text.
    ///   - receiptID: The receipt's dedupe id.
    ///   - receivedAt: Receive time.
    public init(status: ReceiptStatus, providerStatus: String, receiptID: ReceiptID, receivedAt: UTCTime) {
        self.status = status
        self.providerStatus = providerStatus
        self.receiptID = receiptID
        self.receivedAt = receivedAt
    }

    /// The stored JSON bytes.
    var encoded: [UInt8] {
        JSONValue.object(
            JSONObject([
                ("status", .string(status.rawValue)), ("provider_status", .string(providerStatus)),
                ("receipt_id", .string(receiptID.value)),
                ("received_at_ns", .string(String(receivedAt.nanosecondsSince1970))),
            ])
        ).jsonBytes
    }

    /// Decodes a stored status.
    init(decoding bytes: [UInt8], key: String) throws(ReceiptStoreError) {
        guard let object = (try? JSONValue(parsing: bytes))?.objectValue,
            let statusText = object["status"]?.stringValue, let status = ReceiptStatus(rawValue: statusText),
            let providerStatus = object["provider_status"]?.stringValue, let receipt = object["receipt_id"]?.stringValue,
            let received = object["received_at_ns"]?.stringValue.flatMap({ Int64($0) })
        else { throw .corruptRecord(key: key, reason: "not a receipt status record") }
        self.init(
            status: status, providerStatus: providerStatus, receiptID: ReceiptID(receipt),
            receivedAt: UTCTime(nanosecondsSince1970: received))
    }
}

extension ReceiptStatus {
    /// Whether the status settles a message for the overdue check: delivered or later (read, opened, clicked), or
    /// terminal. Queued, sending, sent and delivery_delayed do not stop the overdue clock.
    public var settlesDelivery: Bool {
        isTerminal || (rank >= ReceiptStatus.delivered.rank && self != .unknown)
    }
}
