import HeraldLedger
import Testing

@Suite("Scenario C: did on-call receive and open the P1 page before it escalated?")
struct ScenarioCTests {
    func seeded() throws -> (TemporaryLedger, LedgerStore) {
        let ledger = try TemporaryLedger()
        let store = try ledger.open()
        for batch in ScenarioC.batches { try store.apply(batch) }
        return (ledger, store)
    }

    var parameters: [String: LedgerValue] {
        ["incident": "INC-42", "escalation_time": .text(ScenarioC.escalation)]
    }

    func iso(_ offset: Int64) -> LedgerValue { .text(LedgerTime.iso8601(milliseconds: ScenarioC.t0 + offset)) }

    @Test("who received and read the page before escalation")
    func reached() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let result = try store.makeQuery().run(sql: ScenarioC.reachedQuery, parameters: parameters)
        #expect(result.columns == ["channel", "recipient", "status", "timestamp"])
        #expect(
            result.rows == [
                ["sms", "+15550001", "delivered", iso(31_000)],
                ["sms", "+15550001", "read", iso(61_000)],
            ])
    }

    @Test("who was paged but not reached before escalation")
    func unreached() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let query = store.makeQuery()
        let expected: [[LedgerValue]] = [
            ["sms", "+15550002", "oncall-sms", nil],
            ["email", "oncall@example.com", "oncall-email", "bounced"],
        ]
        let result = try query.run(sql: ScenarioC.unreachedQuery, parameters: parameters)
        #expect(result.columns == ["channel", "recipient", "target", "receipts"])
        #expect(result.rows == expected)
        // A delivered receipt that arrives after escalation changes nothing.
        try store.apply(LedgerBatch(receipts: [ScenarioC.lateReceipt], cursors: ["log": 15]))
        #expect(try query.run(sql: ScenarioC.unreachedQuery, parameters: parameters).rows == expected)
        #expect(try query.run(sql: ScenarioC.reachedQuery, parameters: parameters).rows.count == 2)
    }

    @Test("the brief's query shape works with ISO timestamps and keeps incidents apart")
    func briefQuery() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let query = store.makeQuery()
        let opened = try query.run(
            sql: """
                SELECT incident_id, channel, status, timestamp FROM alert_events
                WHERE status IN ('read', 'opened') AND timestamp < :escalation_time ORDER BY timestamp
                """,
            parameters: ["escalation_time": .text(ScenarioC.escalation)])
        #expect(opened.rows == [["INC-43", "email", "opened", iso(9_000)], ["INC-42", "sms", "read", iso(61_000)]])
        let all = try query.run(
            sql: "SELECT kind, status, recipient, origin_event_id, target FROM alert_events WHERE incident_id = :incident "
                + "ORDER BY time_ms",
            parameters: ["incident": "INC-42"])
        #expect(
            all.rows == [
                ["send", "sent", "+15550001", "evt-alarm", "oncall-sms"],
                ["send", "failed", "+15550002", "evt-alarm", "oncall-sms"],
                ["send", "sent", "oncall@example.com", "evt-alarm", "oncall-email"],
                ["send", "sent", "+15550002", "evt-alarm", "oncall-sms"],
                ["receipt", "bounced", "oncall@example.com", "evt-alarm", "oncall-email"],
                ["receipt", "delivered", "+15550001", "evt-alarm", "oncall-sms"],
                ["receipt", "read", "+15550001", "evt-alarm", "oncall-sms"],
            ])
    }

    @Test("incident timeline is ordered with relative times")
    func timeline() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let timeline = try store.incidentTimeline(id: "INC-42")
        #expect(timeline.entries.map(\.relativeMilliseconds) == [0, 1_000, 1_100, 1_200, 3_000, 5_000, 31_000, 61_000])
        #expect(timeline.entries.map(\.kind) == [.event, .send, .send, .send, .send, .receipt, .receipt, .receipt])
        #expect(
            timeline.entries.map(\.status) == [
                "ingested", "sent", "failed", "sent", "sent", "bounced", "delivered", "read",
            ])
        #expect(timeline.entries[0].detail == "aws.rds CloudWatch Alarm State Change (event evt-alarm)")
        #expect(timeline.entries[2].detail == "rule InfraP1Alert, attempt 1, HTTP 503, error: HTTP 503")
        #expect(timeline.entries[5].detail == "resend re_001, error hard_bounce")
        #expect(timeline.entries[7].recipient == "+15550001" && timeline.entries[7].channel == "sms")
        let table = timeline.rendered(as: .table)
        #expect(table.contains("relative_ms") && table.contains("(8 rows)"))
        #expect(try store.incidentTimeline(id: "INC-404").entries.isEmpty)
    }

    @Test("delivery report figures per target")
    func deliveryReport() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        try store.apply(LedgerBatch(receipts: [ScenarioC.lateReceipt], cursors: ["log": 15]))
        let report = try store.deliveryReport(since: ScenarioC.t0, until: ScenarioC.t0 + 3_600_000)
        #expect(
            report.targets == [
                .init(
                    target: "oncall-email", sent: 2, delivered: 1, undelivered: 1, failed: 0, deadLettered: 0,
                    p50TimeToDeliveredMilliseconds: 7_000, p95TimeToDeliveredMilliseconds: 7_000),
                .init(
                    target: "oncall-sms", sent: 2, delivered: 2, undelivered: 0, failed: 1, deadLettered: 0,
                    p50TimeToDeliveredMilliseconds: 30_000, p95TimeToDeliveredMilliseconds: 177_000),
            ])
        let narrow = try store.deliveryReport(since: ScenarioC.t0, until: ScenarioC.t0 + 1_150)
        #expect(narrow.targets.map(\.target) == ["oncall-sms"])
        #expect(narrow.targets.first?.sent == 1 && narrow.targets.first?.failed == 1)
        let json = report.rendered(as: .json)
        #expect(json.hasPrefix(#"[{"target":"oncall-email","sent":2,"delivered":1"#))
        #expect(throws: LedgerError.self) { try store.deliveryReport(since: 10, until: 5) }
    }

    @Test("percentiles use the nearest rank")
    func percentiles() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try ledger.open()
        var attempts: [LedgerAttempt] = []
        var receipts: [LedgerReceipt] = []
        for index in 1...20 {
            attempts.append(Rows.attempt(UInt64(index), time: 0, provider: "twilio", message: "m\(index)"))
            receipts.append(
                Rows.receipt("r\(index)", seq: UInt64(index), message: "m\(index)", status: "delivered",
                             time: Int64(index) * 100))
        }
        try store.apply(LedgerBatch(attempts: attempts, receipts: receipts))
        let figures = try store.deliveryReport(since: 0, until: 1).targets
        #expect(figures.count == 1)
        #expect(figures.first?.p50TimeToDeliveredMilliseconds == 1_000)
        #expect(figures.first?.p95TimeToDeliveredMilliseconds == 1_900)
        #expect(figures.first?.delivered == 20)
    }
}
