import Foundation
import GRDB
import HeraldLedger
import HeraldTestSupport
import Testing

@Suite("LedgerStore: schema, batches, cursors, retention")
struct LedgerStoreTests {
    @Test("creates the schema, sets user_version and reopens")
    func schemaAndReopen() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        do {
            let store = try ledger.open()
            #expect(try store.schemaVersion() == 2)
            try store.apply(LedgerBatch(events: [Rows.event(1)], cursors: ["log": 2]))
        }
        let reopened = try ledger.open()
        #expect(try reopened.schemaVersion() == 2)
        #expect(try reopened.cursor(named: "log") == 2)
        #expect(try reopened.rowCounts().events == 1)
        let tables = try reopened.makeQuery().run(
            sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%' "
                + "AND name NOT LIKE 'grdb%' ORDER BY name")
        #expect(tables.column("name") == ["alert_events", "attempts", "events", "ledger_cursors", "ledger_meta", "receipts"])
        let journal = try reopened.makeQuery().run(sql: "PRAGMA journal_mode")
        #expect(journal.rows.first?.first == .text("wal"))
    }

    @Test("a version 1 file is migrated to version 2: alert_events.incident_id compares as text")
    func migratesVersion1() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        do {
            let store = try ledger.open()
            try store.apply(LedgerBatch(events: [Rows.event(1, id: "evt-1", correlation: "42")], attempts: [Rows.attempt(1)], cursors: ["log": 2]))
        }
        // Back to what version 1 wrote: its view (no affinity on incident_id), its user_version, its migration record.
        do {
            let queue = try DatabaseQueue(path: ledger.path)
            try queue.write { db in
                try db.execute(sql: "DROP VIEW alert_events")
                try db.execute(sql: "CREATE VIEW alert_events AS SELECT COALESCE(correlation_id, NULL) AS incident_id, event_id AS origin_event_id FROM attempts")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2'")
                try db.execute(sql: "PRAGMA user_version = 1")
            }
            let stale = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM alert_events WHERE incident_id = 42") }
            #expect(stale == 0, "version 1's view: a number never equals the text id")
            try queue.close()
        }
        let store = try ledger.open()
        #expect(try store.schemaVersion() == 2)
        let sql = "SELECT origin_event_id FROM alert_events WHERE incident_id = :incident"
        #expect(try store.makeQuery().run(sql: sql, parameters: ["incident": .integer(42)]).rows == [[.text("evt-1")]])
    }

    @Test(
        "refuses a file written by a newer schema",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 CLI"))
    func newerSchemaRefused() async throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        _ = try ledger.open()
        let path = ledger.path
        try await onThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [path, "PRAGMA user_version = 99"]
            try process.run()
            process.waitUntilExit()
        }
        #expect(throws: LedgerError.unsupportedSchemaVersion(found: 99, supported: 2)) { try ledger.open() }
    }

    @Test("a missing directory or a file that is not SQLite is a clear error")
    func badPaths() throws {
        #expect {
            try LedgerStore(path: "/nonexistent/herald/ledger.sqlite")
        } throws: { error in
            guard case .cannotOpen(let path, _) = error as? LedgerError else { return false }
            return path == "/nonexistent/herald/ledger.sqlite"
        }
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: ledger.path))
        #expect {
            try ledger.open()
        } throws: { error in
            guard case .cannotOpen = error as? LedgerError else { return false }
            return true
        }
    }

    @Test("apply writes rows and cursors together")
    func applyWritesRowsAndCursors() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try ledger.open()
        #expect(try store.cursor(named: "log") == nil)
        try store.apply(
            LedgerBatch(
                events: [Rows.event(1), Rows.event(2)], attempts: [Rows.attempt(10)],
                receipts: [Rows.receipt("rcpt-1", seq: 3, message: "SM1", status: "delivered", time: 2_000)],
                cursors: ["log": 4, "journal": 11]))
        let counts = try store.rowCounts()
        #expect(counts.events == 2 && counts.attempts == 1 && counts.receipts == 1)
        #expect(try store.cursors() == ["log": 4, "journal": 11])
    }

    @Test("every column is stored exactly: NULLs, empty and non-ASCII text, negative and large integers")
    func columnsRoundTrip() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try ledger.open()
        let event = LedgerEvent(
            eventID: "0193-é", logSequence: UInt64(Int64.max), bus: "", timeMilliseconds: -5, source: "src 😀",
            detailType: "t\u{0}x", correlationID: nil, detail: #"{"a":"b\n"}"#)
        let attempt = LedgerAttempt(
            journalSequence: 7, eventID: "0193-é", rule: "r", target: "t", channel: nil, attempt: 3, timeMilliseconds: 1_000,
            latencyMicroseconds: Int64(UInt32.max), outcome: .deadLettered, httpStatus: nil, error: "",
            provider: "twilio", providerMessageID: nil, recipient: "+1555", correlationID: "INC-1")
        try store.apply(LedgerBatch(events: [event], attempts: [attempt], cursors: ["log": 1]))
        let events = try store.makeQuery().run(
            sql: "SELECT log_seq, event_id, bus, time_ms, source, detail_type, correlation_id, detail FROM events", parameters: [:],
            rowLimit: 10, timeLimit: .seconds(5))
        #expect(events.rows == [[
            .integer(Int64.max), .text("0193-é"), .text(""), .integer(-5), .text("src 😀"), .text("t\u{0}x"), .null,
            .text(#"{"a":"b\n"}"#),
        ]])
        let attempts = try store.makeQuery().run(
            sql: """
                SELECT journal_seq, event_id, rule, target, channel, attempt, time_ms, latency_us, outcome, http_status, error,
                       provider, provider_message_id, recipient, correlation_id FROM attempts
                """, parameters: [:], rowLimit: 10, timeLimit: .seconds(5))
        #expect(attempts.rows == [[
            .integer(7), .text("0193-é"), .text("r"), .text("t"), .null, .integer(3), .integer(1_000), .integer(Int64(UInt32.max)),
            .text("dead_lettered"), .null, .text(""), .text("twilio"), .null, .text("+1555"), .text("INC-1"),
        ]])
    }

    @Test("a failing batch leaves neither rows nor cursors")
    func failedBatchWritesNothing() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try ledger.open()
        try store.apply(LedgerBatch(events: [Rows.event(1)], cursors: ["log": 2]))
        // Rows are inserted first; the out-of-range cursor fails afterwards inside the same transaction.
        let failing = LedgerBatch(
            events: [Rows.event(2), Rows.event(3)], attempts: [Rows.attempt(1)],
            cursors: ["journal": 5, "log": UInt64.max])
        #expect(throws: LedgerError.valueOutOfRange(field: "cursor log", value: UInt64.max)) {
            try store.apply(failing)
        }
        let counts = try store.rowCounts()
        #expect(counts.events == 1 && counts.attempts == 0)
        #expect(try store.cursors() == ["log": 2])
        #expect(throws: LedgerError.valueOutOfRange(field: "events.log_seq", value: UInt64(Int64.max) + 1)) {
            try store.apply(LedgerBatch(events: [Rows.event(UInt64(Int64.max) + 1)], cursors: ["log": 9]))
        }
        #expect(try store.cursor(named: "log") == 2)
    }

    @Test("re-applying a batch adds no duplicate rows")
    func idempotentApply() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try ledger.open()
        let batch = LedgerBatch(
            events: [Rows.event(1), Rows.event(2)], attempts: [Rows.attempt(1), Rows.attempt(2)],
            receipts: [Rows.receipt("rcpt-1", seq: 3, message: "SM1", status: "delivered", time: 5)],
            cursors: ["log": 4])
        try store.apply(batch)
        try store.apply(batch)
        // A later batch overlapping the first (as after a crash between commit and cursor read-back).
        try store.apply(LedgerBatch(events: [Rows.event(2), Rows.event(3)], cursors: ["log": 5]))
        let counts = try store.rowCounts()
        #expect(counts.events == 3 && counts.attempts == 2 && counts.receipts == 1)
        #expect(try store.cursor(named: "log") == 5)
    }

    @Test("retention deletes old rows in bounded batches and keeps newer ones")
    func retention() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try ledger.open()
        let events = (1...250).map { Rows.event(UInt64($0), time: Int64($0) * 10) }
        let attempts = (1...250).map { Rows.attempt(UInt64($0), time: Int64($0) * 10) }
        let receipts = (1...250).map {
            Rows.receipt("r\($0)", seq: UInt64(1000 + $0), message: "m\($0)", status: "delivered", time: Int64($0) * 10)
        }
        try store.apply(LedgerBatch(events: events, attempts: attempts, receipts: receipts, cursors: ["log": 251]))
        // Cutoff 1001 ms: rows with time 10…1000 (100 per table) go.
        let deleted = try store.deleteOlderThan(ms: 1001, batchSize: 7)
        #expect(deleted == 300)
        let counts = try store.rowCounts()
        #expect(counts.events == 150 && counts.attempts == 150 && counts.receipts == 150)
        let oldest = try store.makeQuery().run(sql: "SELECT min(time_ms) AS t FROM events")
        #expect(oldest.rows.first?.first == .integer(1010))
        #expect(try store.cursor(named: "log") == 251)
        #expect(try store.deleteOlderThan(ms: 1001) == 0)
        #expect(throws: LedgerError.self) { try store.deleteOlderThan(ms: 1, batchSize: 0) }
    }

    @Test("ISO-8601 text matches SQLite's strftime")
    func isoTimes() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try ledger.open()
        for ms: Int64 in [0, 1, 999, 86_399_999, 951_782_400_123, 1_795_000_000_000, 4_102_444_800_000] {
            let sqlite = try store.makeQuery().run(
                sql: "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', :ms / 1000.0, 'unixepoch') AS t", parameters: ["ms": .integer(ms)])
            #expect(sqlite.rows.first?.first == .text(LedgerTime.iso8601(milliseconds: ms)))
        }
        #expect(LedgerTime.iso8601(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
    }
}
