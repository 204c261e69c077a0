import HeraldEvents
import HeraldJSON

extension HeraldFuzz {
    /// Envelope: the input as a stored event envelope (`EventEnvelope(parsing:)`) and as a PutEvents `Detail`
    /// string. A parsed envelope serializes to bytes that parse back to an envelope serializing to the same bytes;
    /// its `time` re-parses to the same second; an accepted `Detail` keeps its JSON object.
    static func checkEnvelope(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "envelope", invariant: invariant, detail: detail)
        }
        if let envelope = try? EventEnvelope(parsing: data) {
            let bytes = envelope.jsonBytes
            let again = Result { () throws(EventEnvelopeError) in try EventEnvelope(parsing: bytes) }
            guard case .success(let second) = again else {
                return finding("serialized-envelope-rejected", "\(again) for \(String(decoding: bytes, as: UTF8.self))")
            }
            if second.jsonBytes != bytes {
                return finding("envelope-round-trip", "\(String(decoding: bytes, as: UTF8.self)) vs \(second.jsonText)")
            }
            if second.detail != envelope.detail || second.resources != envelope.resources || second.id != envelope.id {
                return finding("envelope-fields-changed", envelope.jsonText)
            }
            let text = envelope.time.iso8601String
            guard let time = UTCTime(iso8601: text), time.secondsSince1970 == envelope.time.secondsSince1970 else {
                return finding("time-round-trip", "\(envelope.time.nanosecondsSince1970) -> \(text)")
            }
        }
        let detailText = String(decoding: data, as: UTF8.self)
        let entry = PutEventsEntry(source: "fuzz", detailType: "Fuzz", detail: detailText, resources: ["r"])
        let result = Result { () throws(EventEnvelopeError) in
            try EventEnvelope(
                entry: entry, id: "id", ingestionTime: UTCTime(secondsSince1970: 1_700_000_000), account: "1",
                region: "r")
        }
        let parsedDetail = try? JSONValue(parsing: Array(detailText.utf8))
        switch (result, parsedDetail) {
        case (.success(let envelope), .object(let object)?):
            if envelope.detail != object { return finding("detail-changed", detailText) }
        case (.success(let envelope), _):
            return finding("non-object-detail-accepted", "\(detailText) -> \(envelope.jsonText)")
        case (.failure, .object?) where !detailText.isEmpty:
            return finding("object-detail-rejected", "\(result) for \(detailText)")
        default:
            break
        }
        // Source (4) + DetailType (4) + Detail + one resource (1), in UTF-8 bytes.
        if entry.eventBridgeSize != 9 + detailText.utf8.count {
            return finding("entry-size", "\(entry.eventBridgeSize) for a \(detailText.utf8.count)-byte detail")
        }
        return nil
    }
}
