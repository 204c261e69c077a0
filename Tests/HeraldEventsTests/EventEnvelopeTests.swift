import HeraldEvents
import HeraldJSON
import Testing

@Suite struct EventEnvelopeTests {
    let ingestion = UTCTime(iso8601: "2026-11-22T10:00:00Z")!

    @Test func buildsEnvelopeFromEntryAndSerializesInEventBridgeOrder() throws {
        let entry = PutEventsEntry(
            source: "app.cdp",
            detailType: "order_placed",
            detail: #"{ "order_amount": 12000.50, "big": 12345678901234567890, "e": 1E+3 }"#,
            resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-1"]
        )
        let envelope = try EventEnvelope(entry: entry, id: "e-1", ingestionTime: ingestion, account: "123456789012", region: "us-east-1")
        #expect(envelope.jsonText == #"{"version":"0","id":"e-1","detail-type":"order_placed","source":"app.cdp","account":"123456789012","time":"2026-11-22T10:00:00Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],"detail":{"order_amount":12000.50,"big":12345678901234567890,"e":1E+3}}"#)
    }

    @Test func producerTimeWinsOverIngestionTime() throws {
        let entry = PutEventsEntry(source: "s", detailType: "d", detail: "{}", time: UTCTime(iso8601: "2020-01-02T03:04:05.9+01:00"))
        let envelope = try EventEnvelope(entry: entry, id: "x", ingestionTime: ingestion, account: "1", region: "r")
        #expect(envelope.time.iso8601String == "2020-01-02T02:04:05Z")
        // Truncated to whole seconds, so the stored envelope reads back equal.
        #expect(try EventEnvelope(parsing: envelope.jsonBytes) == envelope)
    }

    @Test func roundTripsThroughJSONIncludingReplayName() throws {
        var envelope = try EventEnvelope(
            entry: PutEventsEntry(source: "s", detailType: "d", detail: #"{"a":[1,2.50,{"b":null}]}"#),
            id: "id-9", ingestionTime: ingestion, account: "1", region: "eu-west-1")
        envelope.replayName = "replay-1"
        let parsed = try EventEnvelope(parsing: envelope.jsonBytes)
        #expect(parsed == envelope)
        #expect(parsed.jsonText.hasSuffix(#""replay-name":"replay-1"}"#))
    }

    @Test(arguments: [
        (PutEventsEntry(detailType: "d", detail: "{}"), "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."),
        (PutEventsEntry(source: "s", detail: "{}"), "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument."),
        (PutEventsEntry(source: "s", detailType: "d"), "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."),
        (PutEventsEntry(source: "s", detailType: "d", detail: "{oops"), "MalformedDetail", "Detail is malformed."),
        (PutEventsEntry(source: "s", detailType: "d", detail: "[1,2]"), "MalformedDetail", "Detail is malformed."),
    ])
    func rejectsInvalidEntries(entry: PutEventsEntry, code: String, message: String) {
        do {
            _ = try EventEnvelope(entry: entry, id: "x", ingestionTime: ingestion, account: "1", region: "r")
            Issue.record("expected an error")
        } catch {
            #expect(error.errorCode == code)
            #expect(error.errorMessage == message)
        }
    }

    @Test func parsingReportsTheBadField() {
        #expect(throws: EventEnvelopeError.invalidEnvelopeField("time")) {
            try EventEnvelope(parsing: Array(#"{"version":"0","id":"1","detail-type":"d","source":"s","account":"1","time":"yesterday","region":"r"}"#.utf8))
        }
        #expect(throws: EventEnvelopeError.invalidEnvelopeField("id")) {
            try EventEnvelope(parsing: Array(#"{"version":"0","detail-type":"d","source":"s","account":"1","time":"2020-01-01T00:00:00Z","region":"r"}"#.utf8))
        }
    }
}

@Suite struct UTCTimeTests {
    @Test func formatsAndParsesISO8601() throws {
        let time = try #require(UTCTime(iso8601: "2024-02-29T23:59:59.123456789Z"))
        #expect(time.iso8601String == "2024-02-29T23:59:59Z")
        #expect(time.iso8601MillisecondsString == "2024-02-29T23:59:59.123Z")
        #expect(UTCTime(iso8601: "2023-02-29T00:00:00Z") == nil)
        #expect(UTCTime(iso8601: "2023-01-01T00:00:00") == nil)
        #expect(UTCTime(iso8601: "1969-12-31T23:59:59Z")?.nanosecondsSince1970 == -1_000_000_000)
    }

    @Test func parsesAllThreeHTTPDateForms() {
        let expected = UTCTime(iso8601: "1994-11-06T08:49:37Z")
        #expect(UTCTime(httpDate: "Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(UTCTime(httpDate: "Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(UTCTime(httpDate: "Sun Nov  6 08:49:37 1994") == expected)
        #expect(UTCTime(httpDate: "tomorrow") == nil)
        #expect(expected?.httpDateString == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func weekdaysAndCalendarRoundTrip() {
        #expect(CivilDateTime(UTCTime(secondsSince1970: 0)).weekday == 5)  // Thursday
        #expect(CivilDateTime(year: 2026, month: 11, day: 22).weekday == 1)  // Sunday
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (y, m, d) = CivilDateTime.civil(fromDays: Int64(days))
            #expect(CivilDateTime.days(fromCivil: y, month: m, day: d) == days)
        }
    }
}
