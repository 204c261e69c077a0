import Foundation
import HeraldLedger
import HeraldLedgerExport
import Logging
import PostgresNIO
import Testing

@Suite("LedgerExporter against a real PostgreSQL")
struct LedgerExporterTests {
    static let t0: Int64 = 1_795_000_000_000

    static func attempt(_ seq: UInt64, to recipient: String, message: String?, at offset: Int64,
                        outcome: LedgerOutcome = .delivered, channel: String = "sms", provider: String = "twilio")
        -> LedgerAttempt
    {
        LedgerAttempt(
            journalSequence: seq, eventID: "evt-alarm", rule: "InfraP1Alert", target: "oncall-\(channel)",
            channel: channel, attempt: 1, timeMilliseconds: t0 + offset, latencyMicroseconds: 40_000,
            outcome: outcome, httpStatus: outcome == .delivered ? 201 : 503, provider: provider,
            providerMessageID: message, recipient: recipient)
    }

    static var firstBatch: LedgerBatch {
        LedgerBatch(
            events: [
                LedgerEvent(
                    eventID: "evt-alarm", logSequence: 1, bus: "default", timeMilliseconds: t0, source: "aws.rds",
                    detailType: "CloudWatch Alarm State Change", correlationID: "INC-42", detail: #"{"a":"b"}"#)
            ],
            attempts: [
                attempt(1, to: "+15550001", message: "SM001", at: 1_000),
                attempt(2, to: "oncall@example.com", message: "re_001", at: 1_200, channel: "email", provider: "resend"),
                attempt(3, to: "+15550002", message: nil, at: 1_100, outcome: .failedRetrying),
            ],
            receipts: [
                LedgerReceipt(
                    receiptEventID: "rcpt-1", logSequence: 10, provider: "twilio", providerMessageID: "SM001",
                    status: "delivered", occurredAtMilliseconds: t0 + 31_000),
                LedgerReceipt(
                    receiptEventID: "rcpt-2", logSequence: 11, provider: "twilio", providerMessageID: "SM001",
                    status: "read", occurredAtMilliseconds: t0 + 61_000),
                LedgerReceipt(
                    receiptEventID: "rcpt-3", logSequence: 12, provider: "resend", providerMessageID: "re_001",
                    status: "bounced", errorCode: "hard_bounce", occurredAtMilliseconds: t0 + 5_000,
                    correlationID: "INC-42"),
            ],
            cursors: ["log": 13, "journal": 4])
    }

    @Test(
        "exports tables and the view, incrementally and without duplicates",
        .enabled(if: PostgresTestServer.isAvailable, "PostgreSQL is not installed (apt-get install -y postgresql)"),
        .timeLimit(.minutes(2)))
    func export() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try LedgerStore(path: directory.appendingPathComponent("ledger.sqlite").path)
        try store.apply(Self.firstBatch)

        let server = try PostgresTestServer.start()
        defer { server.stop() }
        let config = try PostgresConfig(url: server.url)
        let logger = Logger(label: "ledger-export-test")
        let exporter = LedgerExporter(store: store, batchSize: 2)

        let first = try await exporter.export(to: config, logger: logger)
        #expect(first.tables[.events] == .init(read: 1, inserted: 1, highWater: 1))
        #expect(first.tables[.attempts] == .init(read: 3, inserted: 3, highWater: 3))
        #expect(first.tables[.receipts] == .init(read: 3, inserted: 3, highWater: 3))

        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: "127.0.0.1", port: server.port, username: server.username, password: server.password,
                database: server.database, tls: .disable),
            id: 1, logger: logger)
        do {
            #expect(try await count("herald_events", connection, logger) == 1)
            #expect(try await count("herald_attempts", connection, logger) == 3)
            #expect(try await count("herald_receipts", connection, logger) == 3)
            // The scenario C question, asked of PostgreSQL.
            let escalation = LedgerTime.iso8601(milliseconds: Self.t0 + 120_000)
            let rows = try await connection.query(
                """
                SELECT channel, recipient, status, timestamp FROM herald_alert_events
                WHERE incident_id = 'INC-42' AND kind = 'receipt' AND status IN ('delivered', 'read', 'opened')
                  AND timestamp <= \(escalation) ORDER BY timestamp
                """, logger: logger)
            var reached: [[String]] = []
            for try await (channel, recipient, status, timestamp) in rows.decode((String, String, String, String).self) {
                reached.append([channel, recipient, status, timestamp])
            }
            #expect(
                reached == [
                    ["sms", "+15550001", "delivered", LedgerTime.iso8601(milliseconds: Self.t0 + 31_000)],
                    ["sms", "+15550001", "read", LedgerTime.iso8601(milliseconds: Self.t0 + 61_000)],
                ])

            // Nothing new: nothing copied.
            let second = try await exporter.export(to: config, logger: logger)
            #expect(second.totalInserted == 0)
            #expect(second.tables[.attempts] == .init(read: 0, inserted: 0, highWater: 3))

            // New rows (and a re-applied old batch) are copied once.
            try store.apply(Self.firstBatch)
            try store.apply(
                LedgerBatch(
                    attempts: [Self.attempt(4, to: "+15550002", message: "SM002", at: 3_000)],
                    receipts: [
                        LedgerReceipt(
                            receiptEventID: "rcpt-4", logSequence: 14, provider: "twilio", providerMessageID: "SM002",
                            status: "undelivered", occurredAtMilliseconds: Self.t0 + 9_000)
                    ],
                    cursors: ["log": 15, "journal": 5]))
            let third = try await exporter.export(to: config, logger: logger)
            // (row_id has gaps: ignored re-inserts still consume AUTOINCREMENT values.)
            #expect(third.tables[.attempts]?.read == 1 && third.tables[.attempts]?.inserted == 1)
            #expect(third.tables[.receipts]?.read == 1 && third.tables[.receipts]?.inserted == 1)
            #expect((third.tables[.attempts]?.highWater ?? 0) > 3)
            #expect(third.tables[.events]?.inserted == 0)

            // Lost export state (or a second exporter): everything is re-read, nothing duplicated.
            try await connection.query("DELETE FROM herald_export_state", logger: logger)
            let replay = try await exporter.export(to: config, logger: logger)
            #expect(replay.totalInserted == 0)
            #expect(replay.tables[.attempts]?.read == 4)
            #expect(try await count("herald_attempts", connection, logger) == 4)
            #expect(try await count("herald_receipts", connection, logger) == 4)
            let view = try await count("herald_alert_events", connection, logger)
            #expect(view == 8)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    @Test(
        "a wrong password is a clear connection error",
        .enabled(if: PostgresTestServer.isAvailable, "PostgreSQL is not installed"), .timeLimit(.minutes(1)))
    func wrongPassword() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try LedgerStore(path: directory.appendingPathComponent("ledger.sqlite").path)
        let server = try PostgresTestServer.start()
        defer { server.stop() }
        let config = try PostgresConfig(url: "postgres://\(server.username):wrong@127.0.0.1:\(server.port)/postgres")
        await #expect {
            try await LedgerExporter(store: store).export(to: config, logger: Logger(label: "test"))
        } throws: { error in
            guard case .connectionFailed(let message) = error as? LedgerExportError else { return false }
            return !message.contains("wrong")
        }
    }

    @Test(
        "an unreachable server is a clear connection error",
        .enabled(if: PostgresTestServer.isAvailable, "PostgreSQL is not installed"), .timeLimit(.minutes(1)))
    func unreachable() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try LedgerStore(path: directory.appendingPathComponent("ledger.sqlite").path)
        let port = try PostgresTestServer.freePort()
        let config = try PostgresConfig(url: "postgres://herald@127.0.0.1:\(port)/postgres")
        await #expect {
            try await LedgerExporter(store: store).export(to: config, logger: Logger(label: "test"))
        } throws: { error in
            guard case .connectionFailed(let message) = error as? LedgerExportError else { return false }
            return message.contains("127.0.0.1:\(port)")
        }
    }

    @Test(
        "sslmode=require exports over TLS; verify-full refuses a self-signed certificate",
        .enabled(
            if: PostgresTestServer.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
            "PostgreSQL or openssl is not installed"),
        .timeLimit(.minutes(2)))
    func exportOverTLS() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try LedgerStore(path: directory.appendingPathComponent("ledger.sqlite").path)
        try store.apply(Self.firstBatch)
        let server = try PostgresTestServer.start(tls: true)
        defer { server.stop() }
        let base = "postgres://\(server.username):p%40ss%2Fw0rd@127.0.0.1:\(server.port)/\(server.database)"
        let logger = Logger(label: "ledger-export-tls-test")
        await #expect {
            try await LedgerExporter(store: store).export(
                to: try PostgresConfig(url: base + "?sslmode=verify-full"), logger: logger)
        } throws: { error in
            if case .connectionFailed = error as? LedgerExportError { return true }
            return false
        }
        let summary = try await LedgerExporter(store: store).export(
            to: try PostgresConfig(url: base + "?sslmode=require"), logger: logger)
        #expect(summary.totalInserted == 7)
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: "127.0.0.1", port: server.port, username: server.username, password: server.password,
                database: server.database, tls: .disable),
            id: 2, logger: logger)
        // The server saw an encrypted session (pg_stat_ssl lists it while it is open; ours is closed), so check
        // the server has TLS on and the rows arrived.
        do {
            let rows = try await connection.query("SHOW ssl", logger: logger)
            var ssl = ""
            for try await value in rows.decode(String.self) { ssl = value }
            #expect(ssl == "on")
            #expect(try await count("herald_attempts", connection, logger) == 3)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    func count(_ table: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int64 {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: logger)
        for try await value in rows.decode(Int64.self) { return value }
        return -1
    }
}
