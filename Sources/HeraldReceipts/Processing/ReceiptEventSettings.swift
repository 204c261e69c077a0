public import HeraldChannels
import HeraldEvents
import HeraldJSON
import HeraldServer

/// How receipt events are addressed: source, bus, account and region of the envelopes Herald re-ingests.
public struct ReceiptEventSettings: Sendable, Hashable {
    /// `source` of receipt and overdue events. Default `com.notifications` (the product brief's scenario B; routing
    /// rules match on it). Set e.g. `herald.receipts` to keep receipts apart from application events.
    public var source: String
    /// The bus the events are put on (default `default`).
    public var eventBusName: String
    /// `account` of the envelopes (the bus's account; default `000000000000`).
    public var account: String
    /// `region` of the envelopes (default `us-east-1`).
    public var region: String

    /// Creates settings; every parameter has a default.
    /// - Parameters:
    ///   - source: Event source.
    ///   - eventBusName: Bus name.
    ///   - account: Account id.
    ///   - region: Region.
    public init(
        source: String = DeliveryStatusEvent.source, eventBusName: String = "default", account: String = "000000000000",
        region: String = "us-east-1"
    ) {
        self.source = source
        self.eventBusName = eventBusName
        self.account = account
        self.region = region
    }

    /// The `detail-type` of overdue events.
    public static let overdueDetailType = "ReceiptOverdue"
    /// The `status` of overdue events.
    public static let overdueStatus = "overdue"

    /// The event for an accepted receipt. Its id is derived from the receipt id, so a re-ingest after a crash between
    /// the ingest and the dedupe mark carries the same id (targets dedupe on it).
    func receiptEvent(_ observation: ReceiptObservation, channel: String, origin: DeliveryOrigin?, correlationID: String?,
                      recipient: String?, time: UTCTime) -> IngestedEvent {
        let detail = DeliveryStatusEvent.detail(
            channel: channel, provider: observation.provider, providerMessageID: observation.providerMessageID,
            status: observation.status.rawValue, errorCode: observation.errorCode, recipient: recipient,
            occurredAt: observation.occurredAt, origin: origin, correlationID: correlationID)
        return event(
            id: Self.derivedID("receipt:" + observation.receiptID.value), detailType: observation.status.detailType,
            detail: detail, time: time)
    }

    /// The `ReceiptOverdue` event for a record; its id is derived from the provider and message id (one per message).
    func overdueEvent(_ record: DispatchRecord, deadline: UTCTime, status: ReceiptStatusRecord?, time: UTCTime)
        -> IngestedEvent
    {
        let detail = DeliveryStatusEvent.detail(
            channel: record.channel, provider: record.provider, providerMessageID: record.providerMessageID,
            status: Self.overdueStatus, errorCode: nil, recipient: record.recipient,
            occurredAt: deadline.iso8601MillisecondsString,
            origin: DeliveryOrigin(eventID: record.originEventID, rule: record.rule, target: record.target),
            correlationID: record.correlationID)
        return event(
            id: Self.derivedID("overdue:" + record.provider + "/" + record.providerMessageID),
            detailType: Self.overdueDetailType, detail: detail, time: time)
    }

    private func event(id: String, detailType: String, detail: JSONValue, time: UTCTime) -> IngestedEvent {
        let envelope = EventEnvelope(
            id: id, detailType: detailType, source: source, account: account, time: time, region: region,
            detail: detail.objectValue ?? JSONObject())
        return IngestedEvent(envelope: envelope, eventBusName: eventBusName)
    }

    /// A UUID-formatted id (version 8, RFC 9562 variant) from the SHA-256 of `name`.
    static func derivedID(_ name: String) -> String {
        var hex = Array(ChannelDigest.sha256Hex(name.utf8).prefix(32))
        hex[12] = "8"
        let variant: [Character] = ["8", "9", "a", "b"]
        hex[16] = variant[Int(hex[16].hexDigitValue ?? 0) & 3]
        let text = String(hex)
        func slice(_ from: Int, _ to: Int) -> Substring {
            text[text.index(text.startIndex, offsetBy: from)..<text.index(text.startIndex, offsetBy: to)]
        }
        return [slice(0, 8), slice(8, 12), slice(12, 16), slice(16, 20), slice(20, 32)].joined(separator: "-")
    }
}
