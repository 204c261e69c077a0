import HeraldEvents
import HeraldJSON
import Testing

/// Regression tests for what the fuzzers found (Docs/fuzzing.md, "Findings").
@Suite struct FuzzFindingTests {
    @Test("a time outside UTCTime's 64-bit nanoseconds is rejected, not a trap", arguments: [
        "2263-01-01T00:00:00Z", "1677-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
        "2262-04-11T23:47:16Z",
    ])
    func outOfRangeTimesAreRejected(_ text: String) {
        #expect(UTCTime(iso8601: text) == nil)
    }

    @Test("the ends of the representable years still parse")
    func representableEnds() {
        #expect(UTCTime(iso8601: "1678-01-01T00:00:00+23:59") != nil)
        #expect(UTCTime(iso8601: "2261-12-31T23:59:59-23:59") != nil)
    }

    @Test("an envelope with a far-future time is an error, not a crash")
    func envelopeWithFarFutureTime() {
        let json = #"{"version":"0","id":"x","detail-type":"t","source":"s","account":"000000000000","time":"2263-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}"#
        #expect(throws: EventEnvelopeError.self) { try EventEnvelope(parsing: Array(json.utf8)) }
    }

    @Test("a placeholder right after a backslash inside a string makes the template non-JSON")
    func placeholderAfterBackslash() throws {
        let payload = try InputTransformer(inputPathsMap: ["v": "$.detail.n"], inputTemplate: #"{"k":"\<v>n"}"#)
            .transform(InputTransformerTests.ec2Event, context: InputTransformerTests.context)
        #expect(!payload.isJSON)
    }

    @Test("a wildcard path on a member the envelope lacks gives [] both ways")
    func wildcardOnMissingMember() throws {
        let path = try JSONPath(parsing: "$.nope[*]")
        let event = InputTransformerTests.ec2Event
        #expect(path.evaluate(in: event) == path.evaluate(in: event.jsonValue))
        #expect(path.evaluate(in: event) == .array([]))
    }

    @Test(
        "a rendered path parses back to the same segments (finding 4: backslashes, tabs, newlines)",
        arguments: ["a\\b*", "a\tb", "a\nb", "tab\t", "it's", "back\\", "\\'", "*x", "x*", "q\"q", "plain", "a-b_c", "é ü"])
    func renderedPathsParseBack(name: String) throws {
        let segments: [JSONPath.Segment] = [.member("detail"), .member(name), .index(0)]
        let rendered = JSONPath(segments: segments)
        #expect(try JSONPath(parsing: rendered.description).segments == segments, "\(rendered.description)")
    }
}
