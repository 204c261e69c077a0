import HeraldEvents
import HeraldJSON
import Testing

/// The ingest fast path (`EncodedEnvelope(entry:…)`, `EventEnvelope.jsonBytes` written in one pass) must store
/// exactly the bytes the `JSONValue` round trip wrote, and reject exactly what it rejected.
@Suite("Encoded envelopes")
struct EncodedEnvelopeTests {
    let ingestion = UTCTime(iso8601: "2026-11-22T10:00:00Z")!

    /// The reference: build the envelope through `JSONValue`, write the `JSONValue`.
    private func reference(_ entry: PutEventsEntry, id: String = "e-1") -> Result<[UInt8], EventEnvelopeError> {
        do throws(EventEnvelopeError) {
            let envelope = try EventEnvelope(entry: entry, id: id, ingestionTime: ingestion, account: "123456789012", region: "us-east-1")
            return .success(envelope.jsonValue.jsonBytes)
        } catch {
            return .failure(error)
        }
    }

    private func encoded(_ entry: PutEventsEntry, id: String = "e-1") -> Result<[UInt8], EventEnvelopeError> {
        do throws(EventEnvelopeError) {
            return .success(try EncodedEnvelope(entry: entry, id: id, ingestionTime: ingestion, account: "123456789012", region: "us-east-1").json)
        } catch {
            return .failure(error)
        }
    }

    static let details: [String?] = [
        "{}", " { } ", #"{"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#,
        #"{ "order_amount": 12000.50, "big": 12345678901234567890, "e": 1E+3 }"#,
        "{\n  \"nested\": {\"a\": [1, {\"b\": null}, true]},\n  \"s\": \"tab\\there\"\n}",
        #"{"unicode":"\u00e9\u4e2d\ud83d\ude00","raw":"é中😀","slash":"\/","ctl":"\u0001\u007f","lone":"\ud800"}"#,
        #"{"dup":1,"dup":"two"}"#, #"{"k\"ey":"va\\lue"}"#,
        // Rejected: not an object, malformed, missing.
        "[]", "\"{}\"", "12", "null", "{", #"{"a":}"#, #"{"a":1,}"#, "{} {}", "{\"a\":\"\u{1}\"}", #"{"a":"\x"}"#, "", nil,
    ]

    @Test("the same envelope bytes, or the same error, as the JSONValue round trip", arguments: details)
    func matchesReference(detail: String?) {
        let entry = PutEventsEntry(
            source: "app.orders", detailType: "Order \"Placed\"", detail: detail,
            resources: ["arn:aws:s3:::bucket/ké\"y", "r2"])
        #expect(encoded(entry) == reference(entry), "\(detail.debugDescription)")
    }

    @Test("a Detail object compacted as its request was read builds the same envelope", arguments: details)
    func compactDetailObjectMatchesText(detail: String?) throws {
        var compact: [UInt8] = []
        guard let detail, (try? JSONValue.appendCompactText(of: detail, to: &compact)) == .object else { return }
        let textual = PutEventsEntry(source: "app.orders", detailType: "Order \"Placed\"", detail: detail, resources: ["arn:k\"y", "r2"])
        var withoutText = textual
        withoutText.detail = nil
        let direct = try EncodedEnvelope(
            entry: withoutText, compactDetailObject: compact, id: "e-1", ingestionTime: ingestion, account: "123456789012",
            region: "us-east-1")
        #expect(.success(direct.json) == encoded(textual), "\(detail)")
        #expect(throws: EventEnvelopeError.missingArgument("Source")) {
            try EncodedEnvelope(entry: PutEventsEntry(detailType: "d"), compactDetailObject: compact, id: "e", ingestionTime: ingestion, account: "1", region: "r")
        }
    }

    @Test("a compact Detail is copied into the envelope byte for byte")
    func compactDetailPreserved() throws {
        let detail = #"{"a":"é😀 </x> \"q\" \\","n":[1.50,-0,1E+3,12345678901234567890],"o":{"p":null}}"#
        let json = try EncodedEnvelope(
            entry: PutEventsEntry(source: "s", detailType: "d", detail: detail), id: "i", ingestionTime: ingestion,
            account: "1", region: "r"
        ).json
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.hasSuffix(#","detail":"# + detail + "}"))
    }

    @Test("missing members and bad details give EventBridge's codes, in the same order as before")
    func errors() {
        #expect(encoded(PutEventsEntry(detailType: "d", detail: "[")) == .failure(.missingArgument("Source")))
        #expect(encoded(PutEventsEntry(source: "s", detail: "[")) == .failure(.missingArgument("DetailType")))
        #expect(encoded(PutEventsEntry(source: "s", detailType: "d", detail: "")) == .failure(.missingArgument("Detail")))
        #expect(encoded(PutEventsEntry(source: "s", detailType: "d", detail: "[1]")) == .failure(.detailNotAnObject))
        guard case .failure(let error) = encoded(PutEventsEntry(source: "s", detailType: "d", detail: #"{"a":tru}"#)) else {
            Issue.record("malformed detail accepted")
            return
        }
        #expect(error.errorCode == "MalformedDetail")
        #expect(error.errorMessage == "Detail is malformed.")
    }

    @Test("producer time, ingestion time and extreme years are written as iso8601String writes them")
    func times() throws {
        for time in ["2020-01-02T03:04:05.9+01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z"] {
            let entry = PutEventsEntry(source: "s", detailType: "d", detail: "{}", time: UTCTime(iso8601: time))
            #expect(encoded(entry) == reference(entry), "\(time)")
        }
        for seconds: Int64 in [-62_200_000_000, 253_402_300_800, 0] {
            let entry = PutEventsEntry(source: "s", detailType: "d", detail: "{}", time: UTCTime(secondsSince1970: seconds))
            #expect(encoded(entry) == reference(entry), "\(seconds)")
        }
    }

    @Test("EventEnvelope.jsonBytes is jsonValue.jsonBytes: version, replay-name, escapes")
    func envelopeWriterMatchesValue() throws {
        var envelope = try EventEnvelope(
            entry: PutEventsEntry(source: "s\n", detailType: "d", detail: #"{"a":[1,"\u0000"]}"#, resources: []),
            id: "id\"1", ingestionTime: ingestion, account: "1", region: "eu-west-1")
        #expect(envelope.jsonBytes == envelope.jsonValue.jsonBytes)
        envelope.replayName = "replay \"1\""
        envelope.version = "1"
        #expect(envelope.jsonBytes == envelope.jsonValue.jsonBytes)
        #expect(try EventEnvelope(parsing: envelope.jsonBytes) == envelope)
        #expect(EncodedEnvelope(envelope).json == envelope.jsonValue.jsonBytes)
    }

    @Test("decoded() reads back the envelope EventEnvelope(entry:) builds")
    func decodes() throws {
        let entry = PutEventsEntry(source: "s", detailType: "d", detail: #" {"x" : 1.0} "#, resources: ["a"])
        let encoded = try EncodedEnvelope(entry: entry, id: "z", ingestionTime: ingestion, account: "1", region: "r")
        #expect(encoded.id == "z")
        #expect(try encoded.decoded() == EventEnvelope(entry: entry, id: "z", ingestionTime: ingestion, account: "1", region: "r"))
    }
}
