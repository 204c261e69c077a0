import HeraldEvents
import HeraldJSON
import Testing

@testable import HeraldApp

/// A socket line's `Detail` object is validated and compacted once, as the line is read, and handed on as bytes; a
/// `Detail` string stays text for the envelope to check.
@Suite("Socket request lines")
struct SocketRequestDecoderTests {
    @Test("a Detail object arrives as its compact text, a Detail string as text, the last one sent wins")
    func detailForms() throws {
        let object = try SocketRequestDecoder.decode(
            Array(#"{"Source":"s","DetailType":"d","Detail": { "a" : "\u00e9\/x" , "n" : 1.50 }, "Resources":["r"]}"#.utf8)
        ).get()
        #expect(object.entry.detail == nil)
        #expect(object.compactDetailObject == Array(#"{"a":"é/x","n":1.50}"#.utf8))
        #expect(object.entry.source == "s" && object.entry.detailType == "d" && object.entry.resources == ["r"])
        // Size as EventBridge counts it: the compact detail's bytes, as when the detail was kept as text.
        #expect(object.eventBridgeSize == 1 + 1 + 1 + #"{"a":"é/x","n":1.50}"#.utf8.count)

        let text = try SocketRequestDecoder.decode(Array(#"{"Source":"s","DetailType":"d","Detail":"{ \"a\" : 1 }"}"#.utf8)).get()
        #expect(text.entry.detail == #"{ "a" : 1 }"#)
        #expect(text.compactDetailObject == nil)

        let objectThenText = try SocketRequestDecoder.decode(Array(#"{"Detail":{"a":1},"Detail":"{}"}"#.utf8)).get()
        #expect(objectThenText.entry.detail == "{}" && objectThenText.compactDetailObject == nil)
        let textThenObject = try SocketRequestDecoder.decode(Array(#"{"Detail":"{}","Detail":{"b":2}}"#.utf8)).get()
        #expect(textThenObject.entry.detail == nil && textThenObject.compactDetailObject == Array(#"{"b":2}"#.utf8))
    }

    @Test("an empty EventBusName is refused, as PutEvents over HTTP refuses it")
    func emptyBusName() {
        let result = SocketRequestDecoder.decode(Array(#"{"Source":"s","DetailType":"d","Detail":{},"EventBusName":""}"#.utf8))
        #expect(result == .failure(PutEventsEntryError(code: "ValidationException", message: "EventBusName must not be empty.")))
    }

    @Test("the envelope built from a decoded object line equals the one built from the same detail as text")
    func envelopeFromObjectLine() throws {
        let detail = #"{ "s" : "tab\there \"q\" \ud83d\ude00", "n" : [1E+3, -0, 12345678901234567890], "o" : {"p": null} }"#
        let request = try SocketRequestDecoder.decode(Array((#"{"Source":"s","DetailType":"d","Detail":"# + detail + "}").utf8)).get()
        let compact = try #require(request.compactDetailObject)
        let time = UTCTime(iso8601: "2026-11-24T04:00:00Z")!
        let direct = try EncodedEnvelope(
            entry: request.entry, compactDetailObject: compact, id: "i", ingestionTime: time, account: "1", region: "r")
        var textual = request.entry
        textual.detail = detail
        let reference = try EncodedEnvelope(entry: textual, id: "i", ingestionTime: time, account: "1", region: "r")
        #expect(direct.json == reference.json)
        #expect(try JSONValue.object(EventEnvelope(parsing: direct.json).detail) == JSONValue(parsing: detail))
    }
}
