import Foundation
import HeraldEvents
import Testing

@testable import HeraldServer

/// `PutEventsRequest` reads bodies in one pass; these tests hold it to the `Codable` shape it replaced (kept here as
/// the reference): the same entries for every body `JSONDecoder` accepts, and a `SerializationException` for every
/// body it refuses.
@Suite struct PutEventsRequestTests {
    /// The `Codable` input shape PutEvents used to decode with `EventBridgeAPI.decode` (Foundation's `JSONDecoder`).
    private struct ReferenceRequest: Decodable {
        var Entries: [ReferenceEntry]?
        var EndpointId: String?
    }

    private struct ReferenceEntry: Decodable {
        var Time: Date?
        var Source: String?
        var Resources: [String]?
        var DetailType: String?
        var Detail: String?
        var EventBusName: String?
        var TraceHeader: String?

        var asEntry: PutEventsRequest.Entry {
            PutEventsRequest.Entry(
                entry: PutEventsEntry(
                    source: Source, detailType: DetailType, detail: Detail, resources: Resources ?? [],
                    time: Time.flatMap { UTCTime(secondsSince1970: $0.timeIntervalSince1970) }, eventBusName: EventBusName,
                    traceHeader: TraceHeader),
                hasTime: Time != nil)
        }
    }

    private static let accepted: [String] = [
        "",
        "{}",
        #"{"Entries":null}"#,
        #"{"Entries":[]}"#,
        #"{"Entries":[{}]}"#,
        #"{"Entries":[{"Source":"app","DetailType":"t","Detail":"{\"a\":1}"}]}"#,
        #"{"Entries":[{"Source":"app","DetailType":"t","Detail":"{\"text\":\"caf\u00e9 \\\"q\\\" \ud83d\ude00\"}","Resources":["arn:a","arn:b"]}]}"#,
        #"{"Entries":[{"Source":null,"DetailType":null,"Detail":null,"Resources":null,"Time":null,"EventBusName":null,"TraceHeader":null}]}"#,
        #"{"Entries":[{"Source":"a","Time":1700000000}],"EndpointId":"e"}"#,
        #"{"Entries":[{"Source":"a","Time":1700000000.25}]}"#,
        #"{"Entries":[{"Source":"a","Time":-1.5e3}]}"#,
        #"{"Entries":[{"Source":"a","Time":"1700000000"}]}"#,
        #"{"Entries":[{"Source":"a","Time":1e300}]}"#,
        #"{"Unknown":{"deep":[1,2,{"x":null}]},"Entries":[{"Extra":[true,false],"Source":"a","EventBusName":"bus","TraceHeader":"Root=1"}]}"#,
        #"{"Entries":[{"Source":"a"},{"Source":"b","Resources":[]},{"DetailType":"c"}]}"#,
        #"  { "Entries" : [ { "Source" : "spaced" } ] }  "#,
    ]

    private static let refused: [String] = [
        "[]",
        "5",
        #""text""#,
        "null",
        #"{"Entries":{}}"#,
        #"{"Entries":"x"}"#,
        #"{"Entries":[5]}"#,
        #"{"Entries":[null]}"#,
        #"{"Entries":[{"Source":5}]}"#,
        #"{"Entries":[{"Detail":{"a":1}}]}"#,
        #"{"Entries":[{"DetailType":true}]}"#,
        #"{"Entries":[{"Resources":"arn"}]}"#,
        #"{"Entries":[{"Resources":[1]}]}"#,
        #"{"Entries":[{"Resources":[null]}]}"#,
        #"{"Entries":[{"EventBusName":[]}]}"#,
        #"{"Entries":[{"TraceHeader":{}}]}"#,
        #"{"Entries":[{"Time":true}]}"#,
        #"{"Entries":[{"Time":"yesterday"}]}"#,
        #"{"Entries":[{"Time":1e400}]}"#,
        #"{"Entries":[],"EndpointId":7}"#,
        #"{"Entries":[{"Source":"a"}]"#,
        #"{"Entries":[{"Source":"a"}]} x"#,
        #"{"Entries":[{"Source":5}],"#,
        "{\"Entries\":[{\"Source\":\"\u{01}\"}]}",
    ]

    @Test(arguments: accepted)
    func acceptsWhatTheCodableShapeAccepted(_ body: String) throws {
        let bytes = Array(body.utf8)
        let reference = try referenceDecode(bytes)
        let request = try PutEventsRequest(decoding: bytes)
        #expect(request.entries == reference.Entries?.map(\.asEntry))
        #expect(request.endpointID == reference.EndpointId)
    }

    @Test(arguments: refused)
    func refusesWhatTheCodableShapeRefused(_ body: String) throws {
        let bytes = Array(body.utf8)
        #expect(throws: (any Error).self) { try referenceDecode(bytes) }
        do {
            _ = try PutEventsRequest(decoding: bytes)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.code == "SerializationException")
            #expect(error.message.hasPrefix("Could not read the PutEvents request: "))
        }
    }

    @Test func problemsNameTheMemberAndMalformedJSONWins() throws {
        func message(_ body: String) -> String? {
            do {
                _ = try PutEventsRequest(decoding: Array(body.utf8))
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message(#"{"Entries":[{"Source":"a"},{"Source":5}]}"#)?.contains("Entries.[1].Source") == true)
        #expect(message(#"{"Entries":[{"Resources":["a",7]}]}"#)?.contains("Entries.[0].Resources.[1]") == true)
        #expect(message(#"{"Entries":[{"Time":"soon"}]}"#)?.contains("'soon' is not a timestamp") == true)
        // A wrong type before a syntax error: the body is reported as malformed, as JSONDecoder did.
        #expect(message(#"{"Entries":[{"Source":5}] oops"#)?.contains("malformed JSON") == true)
        // Stricter than JSONDecoder, which let a trailing comma through: RFC 8259 JSON only, as AWS reads it.
        #expect(message(#"{"Entries":[{"Source":"a",}]}"#)?.contains("malformed JSON") == true)
    }

    @Test func timeAsRFC3339TextAndOutOfRange() throws {
        let text = try PutEventsRequest(decoding: Array(#"{"Entries":[{"Time":"2026-11-24T03:00:00.5Z"}]}"#.utf8))
        #expect(text.entries?.first?.entry.time == UTCTime(iso8601: "2026-11-24T03:00:00.5Z"))
        #expect(text.entries?.first?.hasTime == true)
        // Out of the range Herald holds: ignored, as AWS ignores a bad Time, but it still counts toward the size.
        let far = try PutEventsRequest(decoding: Array(#"{"Entries":[{"Source":"ab","Time":1e300}]}"#.utf8))
        #expect(far.entries?.first?.entry.time == nil)
        #expect(far.entries?.first?.eventBridgeSize == 16)
    }

    /// The reference: the `Codable` path every other operation still decodes with (`EventBridgeAPI.decode`, the
    /// same date strategy and empty-body rule PutEvents used).
    private func referenceDecode(_ body: [UInt8]) throws -> ReferenceRequest {
        try EventBridgeAPI.decode(ReferenceRequest.self, from: body, operation: "PutEvents")
    }
}
