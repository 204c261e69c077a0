import HeraldEvents
import Testing

/// RFC 3339 timestamps as producers send them in `Time`.
@Suite struct UTCTimeParsingTests {
    @Test func offsetsFractionsAndLeapSeconds() throws {
        let base = try #require(UTCTime(iso8601: "2026-12-31T23:59:59Z"))
        #expect(UTCTime(iso8601: "2027-01-01T01:59:59+02:00") == base)
        #expect(UTCTime(iso8601: "2026-12-31T23:59:59.250Z") == base + .milliseconds(250))
        // A leap second is the instant after :59 (this clock has none): accepted, not refused.
        #expect(UTCTime(iso8601: "2016-12-31T23:59:60Z") == UTCTime(iso8601: "2017-01-01T00:00:00Z"))
        #expect(UTCTime(iso8601: "2016-12-31T23:59:61Z") == nil)
        #expect(UTCTime(iso8601: "2026-02-30T00:00:00Z") == nil)
        // Outside what 64-bit nanoseconds hold (years 1678–2261): refused rather than wrapped.
        #expect(UTCTime(iso8601: "9999-12-31T23:59:59Z") == nil)
        #expect(UTCTime(iso8601: "2261-12-31T23:59:59Z") != nil)
    }
}
