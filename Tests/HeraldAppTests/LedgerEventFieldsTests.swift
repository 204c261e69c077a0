import HeraldEvents
import HeraldJSON
import Testing

@testable import HeraldApp

/// The ledger feed's one-pass reader must give the same row as the full parse it replaced, and must never skip the
/// full parse for an event that has a correlation id or is a receipt.
@Suite("Ledger event fields")
struct LedgerEventFieldsTests {
    static let details = [
        #"{}"#,
        #"{"incident_id":"INC-7","severity":"P1"}"#,
        #"{ "nested" : { "incident_id" : 42 }, "list":[1, 2.50, -0e3, true, null, "x\u00e9\n\"q\""] }"#,
        #"{"correlationId":"c-1","text":"caf\u00e9 \ud83d\ude00 </tag>"}"#,
        #"{"note":"mentions \"incident_id\" only inside a string"}"#,
        #"{"big":"\#(String(repeating: "y", count: 600))"}"#,
    ]

    /// Envelopes as Herald stores them: written once from a PutEvents entry (the socket's and the API's path).
    static func envelopes() throws -> [[UInt8]] {
        try details.enumerated().map { index, detail in
            let entry = PutEventsEntry(source: index == 1 ? "com.notifications" : "app.\(index)", detailType: "Type \(index)", detail: detail, resources: ["arn:x"])
            return try EncodedEnvelope(
                entry: entry, id: "id-\(index)", ingestionTime: UTCTime(secondsSince1970: Int64(1_700_000_000)), account: "000000000000",
                region: "local"
            ).json
        }
    }

    @Test("id, source, detail-type and the cut detail text equal the full parse's, for every envelope")
    func sameAsFullParse() throws {
        for json in try Self.envelopes() {
            for limit in [256, 16_384] {
                let fields = try #require(LedgerEventFields(envelopeJSON: json, maxDetailBytes: limit))
                let envelope = try EventEnvelope(json: JSONValue(parsing: json))
                #expect(fields.id == envelope.id)
                #expect(fields.source == envelope.source)
                #expect(fields.detailType == envelope.detailType)
                #expect(fields.detail == String(decoding: JSONValue.object(envelope.detail).jsonBytes.prefix(limit), as: UTF8.self))
            }
        }
    }

    @Test("an event is parsed in full whenever the full parse finds a correlation id, and for receipts")
    func neverSkipsACorrelationID() throws {
        let settings = LedgerSettings()
        let keys = LedgerEventFields.correlationKeys(settings)
        var skipped = 0
        for json in try Self.envelopes() {
            let fields = try #require(LedgerEventFields(envelopeJSON: json, maxDetailBytes: 16_384))
            let needsTree = LedgerEventFields.mayNeedTree(source: fields.source, envelopeJSON: json, settings: settings, keys: keys)
            if settings.correlationID(in: try JSONValue(parsing: json)) != nil || fields.source == settings.receiptSource {
                #expect(needsTree, "\(String(decoding: json, as: UTF8.self))")
            }
            if !needsTree { skipped += 1 }
        }
        #expect(skipped == 3, "events without the keys skip the parse")
    }

    @Test("a correlation path that does not end in a plain name always asks for the full parse")
    func unusualPaths() throws {
        let settings = LedgerSettings(correlationPaths: [try JSONPath(parsing: "$.detail.ids[0]")])
        let keys = LedgerEventFields.correlationKeys(settings)
        #expect(keys == [nil])
        #expect(LedgerEventFields.mayNeedTree(source: "x", envelopeJSON: Array("{}".utf8), settings: settings, keys: keys))
    }

    @Test("invalid JSON, a missing member or a detail that is not an object gives no fields")
    func invalid() {
        for text in [#"{"id":"a","source":"s","detail-type":"t","detail":{}"#, #"{"id":"a","source":"s","detail":{}}"#,
                     #"{"id":"a","source":"s","detail-type":"t","detail":[1]}"#, #"{"id":7,"source":"s","detail-type":"t","detail":{}}"#] {
            #expect(LedgerEventFields(envelopeJSON: Array(text.utf8), maxDetailBytes: 1024) == nil, "\(text)")
        }
        #expect(LedgerEventFields(envelopeJSON: Array(#"{"id":"a","source":"s","detail-type":"t","detail":{}}"#.utf8), maxDetailBytes: 1024) != nil)
    }
}
