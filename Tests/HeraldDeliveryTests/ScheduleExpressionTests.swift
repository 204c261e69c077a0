import HeraldDelivery
import HeraldEvents
import HeraldJSON
import Testing

@Suite struct ScheduleExpressionTests {
    func t(_ text: String) -> UTCTime { UTCTime(iso8601: text)! }

    func next(_ expression: String, after: String) throws -> String? {
        try ScheduleExpression(parsing: expression).nextFire(after: t(after), anchor: t(after))?.iso8601String
    }

    @Test(arguments: [
        // Every day at 10:00 UTC (EventBridge user guide example)
        ("cron(0 10 * * ? *)", "2026-11-22T09:00:00Z", "2026-11-22T10:00:00Z"),
        ("cron(0 10 * * ? *)", "2026-11-22T10:00:00Z", "2026-11-23T10:00:00Z"),
        // 12:15 every day
        ("cron(15 12 * * ? *)", "2026-11-22T12:15:30Z", "2026-11-23T12:15:00Z"),
        // 18:00 Monday to Friday (2026-11-22 is a Sunday)
        ("cron(0 18 ? * MON-FRI *)", "2026-11-21T19:00:00Z", "2026-11-23T18:00:00Z"),
        // 08:00 on the first day of every month
        ("cron(0 8 1 * ? *)", "2026-11-22T00:00:00Z", "2026-12-01T08:00:00Z"),
        // Every 15 minutes
        ("cron(0/15 * * * ? *)", "2026-11-22T10:07:59Z", "2026-11-22T10:15:00Z"),
        ("cron(*/15 * * * ? *)", "2026-11-22T10:45:00Z", "2026-11-22T11:00:00Z"),
        // Every 10 minutes Monday to Friday
        ("cron(0/10 * ? * MON-FRI *)", "2026-11-21T10:00:00Z", "2026-11-23T00:00:00Z"),
        // Every 5 minutes between 08:00 and 17:55 weekdays
        ("cron(0/5 8-17 ? * MON-FRI *)", "2026-11-23T17:56:00Z", "2026-11-24T08:00:00Z"),
        // 09:00 on the first Monday of the month
        ("cron(0 9 ? * 2#1 *)", "2026-11-22T00:00:00Z", "2026-12-07T09:00:00Z"),
        ("cron(0 9 ? * MON#5 *)", "2026-11-01T00:00:00Z", "2026-11-30T09:00:00Z"),
        // Last day of the month, including a leap February
        ("cron(0 0 L * ? *)", "2028-02-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("cron(0 0 L * ? *)", "2027-02-01T00:00:00Z", "2027-02-28T00:00:00Z"),
        // Last weekday of the month: 2026-05-31 is a Sunday
        ("cron(0 0 LW * ? *)", "2026-05-02T00:00:00Z", "2026-05-29T00:00:00Z"),
        // Nearest weekday: 2026-08-15 is a Saturday → Friday the 14th
        ("cron(0 12 15W * ? *)", "2026-08-01T00:00:00Z", "2026-08-14T12:00:00Z"),
        // 1W when the 1st is a Saturday (2026-08-01) → Monday the 3rd
        ("cron(0 12 1W * ? *)", "2026-07-31T00:00:00Z", "2026-08-03T12:00:00Z"),
        // 31W when the 31st is a Sunday (2026-05-31) → Friday the 29th
        ("cron(0 12 31W * ? *)", "2026-05-01T00:00:00Z", "2026-05-29T12:00:00Z"),
        // Last Friday of the month
        ("cron(0 0 ? * 6L *)", "2026-11-01T00:00:00Z", "2026-11-27T00:00:00Z"),
        ("cron(0 0 ? * FRIL *)", "2026-11-28T00:00:00Z", "2026-12-25T00:00:00Z"),
        // Year field, names and lists
        ("cron(30 6 1 JAN ? 2030)", "2026-11-22T00:00:00Z", "2030-01-01T06:30:00Z"),
        ("cron(0 0 29 FEB ? *)", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("cron(0 0 1 1,7 ? 2027-2029/2)", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("cron(0 0 1 1,7 ? 2027-2029/2)", "2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z"),
        ("cron(0 0 1 1,7 ? 2027-2029/2)", "2027-07-01T00:00:00Z", "2029-01-01T00:00:00Z"),
        ("cron(0,30 9-10 ? * SUN,sat *)", "2026-11-22T10:30:00Z", "2026-11-28T09:00:00Z"),
    ])
    func cronNextFire(expression: String, after: String, expected: String) throws {
        #expect(try next(expression, after: after) == expected)
    }

    @Test func cronThatNeverFiresAgain() throws {
        #expect(try next("cron(0 0 1 1 ? 2025)", after: "2026-01-01T00:00:00Z") == nil)
        #expect(try next("cron(0 0 30 2 ? *)", after: "2026-01-01T00:00:00Z") == nil)
        #expect(try next("cron(0 0 1 1 ? *)", after: "2199-06-01T00:00:00Z") == nil)
    }

    @Test(arguments: [
        "cron(0 10 * * *)",  // five fields
        "cron(0 10 * * * *)",  // both day fields
        "cron(0 10 ? * ? *)",  // neither
        "cron(60 10 * * ? *)",
        "cron(0 24 * * ? *)",
        "cron(0 0 32 * ? *)",
        "cron(0 0 * 13 ? *)",
        "cron(0 0 ? * 8 *)",
        "cron(0 0 * FOO ? *)",
        "cron(0 0 ? * 2#6 *)",
        "cron(0 0 5#1 * ? *)",
        "cron(0 0 * * ? 1969)",
        "cron(0 0 * * ? 2200)",
        "cron(10-5 0 * * ? *)",
        "cron(0/0 0 * * ? *)",
        "cron(0,,1 0 * * ? *)",
        "cron(0 0 L-2 * ? *)",
        "rate(1 minutes)",
        "rate(5 minute)",
        "rate(0 minutes)",
        "rate(-1 minutes)",
        "rate(5 weeks)",
        "rate(five minutes)",
        "rate()",
        "every(5 minutes)",
        "cron 0 10 * * ? *",
    ])
    func rejectsInvalidExpressions(expression: String) {
        #expect(throws: ScheduleExpressionError.self) { try ScheduleExpression(parsing: expression) }
    }

    @Test func rateSchedulesCountFromTheirAnchor() throws {
        let anchor = t("2026-11-22T10:00:20Z")
        let every5 = try ScheduleExpression(parsing: "rate(5 minutes)")
        #expect(every5.description == "rate(5 minutes)")
        #expect(every5.nextFire(after: t("2026-11-22T10:00:20Z"), anchor: anchor) == t("2026-11-22T10:05:20Z"))
        #expect(every5.nextFire(after: t("2026-11-22T10:12:00Z"), anchor: anchor) == t("2026-11-22T10:15:20Z"))
        #expect(every5.nextFire(after: t("2026-11-22T09:00:00Z"), anchor: anchor) == anchor)
        #expect(try ScheduleExpression(parsing: "rate(1 day)").nextFire(after: anchor, anchor: anchor) == t("2026-11-23T10:00:20Z"))
        #expect(try ScheduleExpression(parsing: " rate(1 hour) ").description == "rate(1 hour)")
        #expect(try ScheduleExpression(parsing: "rate(1 minute)").description == "rate(1 minute)")
        guard case .rate(let rate) = try ScheduleExpression(parsing: "rate(2 days)") else {
            Issue.record("expected a rate")
            return
        }
        #expect(rate.period == .seconds(172_800))
    }

    @Test func errorMessageNamesTheProblem() {
        do {
            _ = try ScheduleExpression(parsing: "cron(0 10 * * * *)")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "Parameter ScheduleExpression is not valid: day-of-month and day-of-week cannot both be specified; use '?' in one of them")
        }
    }

    @Test func scheduledEventEnvelope() {
        let envelope = ScheduledEvent.envelope(
            ruleArn: "arn:aws:events:us-east-1:123456789012:rule/nightly", fireTime: t("2026-11-22T10:00:00Z"),
            id: "id-1", account: "123456789012", region: "us-east-1")
        #expect(envelope.jsonText == #"{"version":"0","id":"id-1","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012","time":"2026-11-22T10:00:00Z","region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/nightly"],"detail":{}}"#)
    }
}
