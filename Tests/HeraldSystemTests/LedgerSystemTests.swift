import AsyncHTTPClient
import Foundation
import HeraldClient
import HeraldFakeProviders
import HeraldJSON
import HeraldTestSupport
import NIOCore
import NIOPosix
import Testing

/// The delivery ledger through the real server: scenario C's SQL question, crash catch-up, and the query limits.
@Suite("Delivery ledger (system)", .serialized, .timeLimit(.minutes(5)))
struct LedgerSystemTests {
    /// `herald query … --format json` against `server`, parsed.
    private func query(_ server: HeraldProcess, _ sql: String, _ parameters: [String] = []) async throws -> [JSONValue] {
        let (status, output) = try await HeraldCLI.run(["query", sql, "--endpoint", server.endpoint, "--format", "json"] + parameters.flatMap { ["--param", $0] })
        guard status == 0, let rows = try? JSONValue(parsing: Array(output.utf8)).arrayValue else { return [] }
        return rows
    }

    @Test("scenario C: P1 alarm → SMS, WhatsApp, email → receipts → the SQL answer names who got and opened it before escalation")
    func scenarioC() async throws {
        let twilio = try await FakeTwilio.start()
        let resend = try await FakeResend.start()
        // One page delivered and opened (email), one bounced (SMS), one with no receipt at all (WhatsApp).
        resend.setOutcome(.opened, for: "oncall@example.com")
        twilio.setOutcome(.bounced, for: "+15550001")
        twilio.setOutcome(.noReceipt, for: "whatsapp:+15550001")
        let port = try freeLoopbackPort()
        let base = "http://127.0.0.1:\(port)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-c-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let environment = [
            "TWILIO_ACCOUNT_SID": twilio.accountSID, "TWILIO_AUTH_TOKEN": twilio.authToken, "TWILIO_FROM_NUMBER": "+15550009999",
            "TWILIO_WHATSAPP_FROM": "+15550008888", "RESEND_API_KEY": "re_fake_0123456789", "RESEND_WEBHOOK_SECRET": resend.webhookSecret,
            "ONCALL_PHONE": "+15550001", "ONCALL_EMAIL": "oncall@example.com", "HERALD_PUBLIC_URL": base,
            "TWILIO_BASE_URL": twilio.baseURL, "RESEND_BASE_URL": resend.baseURL,
        ]
        do {
            try await server.start(
                environment: environment, arguments: ["--config", repository.appendingPathComponent("Examples/config/scenario-c.yaml").path],
                httpPort: port)
            resend.setWebhookURL(base + "/webhooks/resend")
            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            let incident = try await producer.put(PutEntry(
                source: "aws.rds", detailType: "Alarm State Change",
                detail: #"{"alarmName":"db-primary-cpu","state":{"value":"ALARM","reason":"CPU > 95% for 5 minutes"}}"#,
                eventBusName: "infra"))
            try await producer.close()
            #expect(await eventually { twilio.messages.count == 2 && resend.emails.count == 1 }, "the three pages were not all sent")
            _ = await twilio.deliverReceipts()
            _ = await resend.deliverWebhooks()
            let escalation = Date().addingTimeInterval(1)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let escalationText = formatter.string(from: escalation)

            // Receipts in the ledger: email sent+delivered+opened, SMS sent+undelivered (WhatsApp: none).
            let receiptsSQL = "SELECT COUNT(*) AS n FROM alert_events WHERE incident_id = :incident AND kind = 'receipt'"
            #expect(await eventually(timeout: .seconds(30)) {
                ((try? await query(server, receiptsSQL, ["incident=\(incident)"]))?.first?["n"]?.doubleValue ?? 0) >= 5
            }, "the receipts did not reach the ledger")

            // The scenario C question, exactly as Docs/ledger.md gives it.
            let question = """
                SELECT channel, recipient,
                       MAX(CASE WHEN kind = 'send' AND status = 'sent' THEN 1 ELSE 0 END) AS paged,
                       MAX(CASE WHEN kind = 'receipt' AND status IN ('delivered', 'read', 'opened', 'clicked') THEN 1 ELSE 0 END) AS delivered,
                       MAX(CASE WHEN kind = 'receipt' AND status IN ('read', 'opened', 'clicked') THEN 1 ELSE 0 END) AS opened,
                       MAX(CASE WHEN kind = 'receipt' AND status IN ('bounced', 'failed', 'undelivered', 'complained') THEN status END) AS failure
                FROM alert_events
                WHERE incident_id = :incident AND timestamp <= :escalation_time
                GROUP BY channel, recipient
                ORDER BY channel
                """
            let rows = try await query(server, question, ["incident=\(incident)", "escalation_time=\(escalationText)"])
            let summary = rows.map { row in
                [row["channel"]?.stringValue ?? "-", row["recipient"]?.stringValue ?? "-", row["paged"]?.jsonText ?? "-",
                 row["delivered"]?.jsonText ?? "-", row["opened"]?.jsonText ?? "-", row["failure"]?.stringValue ?? "-"]
            }
            #expect(summary == [
                ["email", "oncall@example.com", "1", "1", "1", "-"],
                ["sms", "+15550001", "1", "0", "0", "undelivered"],
                ["whatsapp", "whatsapp:+15550001", "1", "0", "0", "-"],
            ], "\(rows.map(\.jsonText))")

            // The brief's own question returns exactly the opened email.
            let brief = "SELECT incident_id, channel, status, timestamp FROM alert_events WHERE status = 'opened' AND timestamp < :escalation_time"
            let opened = try await query(server, brief, ["escalation_time=\(escalationText)"])
            #expect(opened.map { [$0["incident_id"]?.stringValue ?? "-", $0["channel"]?.stringValue ?? "-", $0["status"]?.stringValue ?? "-"] }
                    == [[incident, "email", "opened"]], "\(opened.map(\.jsonText))")

            // Nothing happened before the alarm: an escalation time before it returns no rows.
            let early = try await query(server, question, ["incident=\(incident)", "escalation_time=2000-01-01T00:00:00.000Z"])
            #expect(early.isEmpty)

            // The incident report lists the event, three sends and the receipts in time order.
            let (status, timeline) = try await HeraldCLI.run(["report", "incident", incident, "--endpoint", server.endpoint, "--format", "json"])
            #expect(status == 0, "\(timeline)")
            let entries = try JSONValue(parsing: Array(timeline.utf8)).arrayValue ?? []
            #expect(entries.count >= 1 + 3 + 5, "\(timeline)")
        } catch {
            await server.stop(signal: SIGKILL)
            await twilio.stop()
            await resend.stop()
            throw error
        }
        #expect(await server.stop(signal: SIGTERM) == 0)
        await twilio.stop()
        await resend.stop()
    }

    @Test("after SIGKILLs the ledger catches up from its cursor: every event and attempt once, no gaps, no duplicates")
    func killAndCatchUp() async throws {
        let sink = try await TestHTTPServer.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-ledger-kill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        var acknowledged = 0
        do {
            try await server.start()
            _ = try await server.call("PutRule", #"{"Name":"all","EventPattern":"{\"source\":[\"ledger.kill\"]}"}"#, client: client)
            _ = try await server.call(
                "PutTargets", #"{"Rule":"all","Targets":[{"Id":"sink","Arn":"\#(sink.baseURL)/hook"}]}"#, client: client)
            for round in 0..<3 {
                let producer = try await HeraldSocketClient.connect(path: server.socketPath)
                for index in 0..<150 {
                    _ = try await producer.put(PutEntry(source: "ledger.kill", detailType: "t", detail: #"{"round":\#(round),"i":\#(index)}"#))
                    acknowledged += 1
                }
                try? await producer.close()
                await server.stop(signal: SIGKILL)
                try await server.start()
            }
            let expected = acknowledged
            let counts = "SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(DISTINCT log_seq) FROM events) AS distinct_events, (SELECT MAX(log_seq) - MIN(log_seq) + 1 FROM events) AS span, (SELECT COUNT(DISTINCT event_id) FROM attempts WHERE outcome = 'delivered') AS delivered, (SELECT COUNT(*) FROM attempts) AS attempts, (SELECT COUNT(DISTINCT journal_seq) FROM attempts) AS distinct_attempts"
            var last: JSONValue?
            let caughtUp = await eventually(timeout: .seconds(60)) {
                last = (try? await query(server, counts))?.first
                return last?["events"]?.doubleValue == Double(expected) && last?["delivered"]?.doubleValue == Double(expected)
            }
            #expect(caughtUp, "ledger after kills: \(last?.jsonText ?? "nothing"), acknowledged \(expected)")
            #expect(last?["events"] == last?["distinct_events"])
            #expect(last?["span"] == last?["events"], "a gap in the ledger's events")
            #expect(last?["attempts"] == last?["distinct_attempts"])
            // Every sink request is an attempt row (at-least-once: re-sends after a kill are recorded too).
            #expect((last?["attempts"]?.doubleValue ?? 0) <= Double(sink.requests.count))
        } catch {
            await server.stop(signal: SIGKILL)
            try await client.shutdown()
            try await sink.shutdown()
            throw error
        }
        #expect(await server.stop(signal: SIGTERM) == 0)
        try await client.shutdown()
        try await sink.shutdown()
    }

    @Test("ledger.Path puts the SQLite file outside the data directory; the API and `herald query --ledger-file` read it there")
    func ledgerPathElsewhere() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("herald-ledger-path-\(UUID().uuidString)").path
        let directory = base + "/data"
        let elsewhere = base + "/other-disk"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let configPath = base + "/herald.yaml"
        try "ledger:\n  Path: \(elsewhere)/ledger-elsewhere.sqlite\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let server = HeraldProcess(dataDirectory: directory)
        do {
            try await server.start(arguments: ["--config", configPath])
            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            for index in 0..<3 { _ = try await producer.put(PutEntry(source: "ledger.path", detailType: "t", detail: #"{"i":\#(index)}"#)) }
            try? await producer.close()
            var output = ""
            let counted = await eventually(timeout: .seconds(30)) {
                output = (try? await HeraldCLI.run(["query", "SELECT COUNT(*) AS n FROM events", "--endpoint", server.endpoint, "--format", "csv"]))?.1 ?? ""
                return output == "n\r\n3\r\n"
            }
            #expect(counted, "the API query saw: \(output)")
        } catch {
            await server.stop(signal: SIGKILL)
            throw error
        }
        #expect(await server.stop(signal: SIGTERM) == 0)
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/ledger-elsewhere.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/ledger.sqlite"))
        let (status, offline) = try await HeraldCLI.run(
            ["query", "SELECT COUNT(*) AS n FROM events", "--ledger-file", elsewhere + "/ledger-elsewhere.sqlite", "--format", "csv"])
        #expect(status == 0)
        #expect(offline == "n\r\n3\r\n", "\(offline)")
    }

    @Test("POST /admin/query refuses writes, cuts a slow query off at its limit, and the server stays responsive")
    func limits() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-ledger-limits-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            try await server.start()
            for sql in ["INSERT INTO events (log_seq, event_id, bus, time_ms, source, detail_type, detail) VALUES (1,'x','b',0,'s','d','{}')",
                        "DELETE FROM events", "ATTACH DATABASE '/tmp/x.db' AS x", "PRAGMA writable_schema = 1", "SELECT 1; DELETE FROM events"] {
                let (status, output) = try await HeraldCLI.run(["query", sql, "--endpoint", server.endpoint])
                #expect(status != 0, "\(sql) was accepted: \(output)")
                #expect(output.contains("error"), "\(output)")
            }
            let slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
            let started = ContinuousClock.now
            // The query runs until its 4 s limit, on a thread of its own, and reports when it ended.
            async let slowRun = HeraldCLI.runOnThread(["query", slow, "--endpoint", server.endpoint, "--timeout-ms", "4000"])
            try await Task.sleep(for: .milliseconds(300))
            let healthStarted = ContinuousClock.now
            // The answer's time is taken on the client's event loop, where it arrives: a test process whose cooperative
            // threads are busy with other tests cannot push it past the query's end.
            let (healthStatus, healthAnswered) = try await client.execute(request: try HTTPClient.Request(url: server.endpoint + "/healthz"))
                .map { ($0.status.code, ContinuousClock.now) }.get()
            #expect(healthStatus == 200)
            let ((status, output), slowEnded) = try await slowRun
            // Ordered rather than timed: /healthz answered while the query still ran.
            #expect(healthAnswered < slowEnded, "the server stalled during a slow query (\(healthStarted.duration(to: healthAnswered)))")
            #expect(status != 0)
            #expect(output.contains("query_timeout") || output.contains("time"), "\(output)")
            #expect(ContinuousClock.now - started < .seconds(15))
            let (okStatus, okOutput) = try await HeraldCLI.run(["query", "SELECT 40 + 2 AS answer", "--endpoint", server.endpoint, "--format", "csv"])
            #expect(okStatus == 0)
            #expect(okOutput == "answer\r\n42\r\n")
        } catch {
            await server.stop(signal: SIGKILL)
            try await client.shutdown()
            throw error
        }
        #expect(await server.stop(signal: SIGTERM) == 0)
        try await client.shutdown()
    }
}
