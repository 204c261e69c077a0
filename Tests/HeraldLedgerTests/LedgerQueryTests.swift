import Foundation
import HeraldLedger
import HeraldTestSupport
import Testing

@Suite("LedgerQuery: read-only, limits, parameters")
struct LedgerQueryTests {
    func seeded() throws -> (TemporaryLedger, LedgerStore) {
        let ledger = try TemporaryLedger()
        let store = try ledger.open()
        try store.apply(
            LedgerBatch(
                events: (1...20).map { Rows.event(UInt64($0), time: Int64($0) * 100) },
                attempts: [Rows.attempt(1)], cursors: ["log": 21]))
        return (ledger, store)
    }

    @Test(
        "write statements are refused and the file is unchanged",
        arguments: [
            "INSERT INTO events (log_seq, event_id, bus, time_ms, source, detail_type, detail) "
                + "VALUES (99, 'x', 'b', 1, 's', 'd', '{}')",
            "DELETE FROM events",
            "UPDATE events SET source = 'x'",
            "CREATE TABLE evil (x)",
            "CREATE TEMP TABLE evil (x)",
            "DROP TABLE events",
            "DROP VIEW alert_events",
            "ALTER TABLE events ADD COLUMN x",
            "ATTACH DATABASE '/tmp/herald-ledger-evil.sqlite' AS evil",
            "DETACH DATABASE main",
            "PRAGMA writable_schema = 1",
            "PRAGMA journal_mode = DELETE",
            "PRAGMA user_version = 7",
            "PRAGMA wal_checkpoint(TRUNCATE)",
            "BEGIN IMMEDIATE",
            "VACUUM",
            "REINDEX",
            "WITH x AS (SELECT 1) DELETE FROM events",
        ])
    func writesRefused(sql: String) throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let before = try ledger.fileContents()
        do {
            let result = try store.makeQuery().run(sql: sql)
            Issue.record("expected a refusal for \(sql), got \(result)")
        } catch {
            switch error {
            case .writeRefused, .invalidSQL: break
            default: Issue.record("unexpected error \(error) for \(sql)")
            }
            if case .invalidSQL(let message) = error {
                // Statements SQLite rejects before asking the authorizer must still be refusals, not bugs.
                #expect(message.contains("not authorized") || message.contains("readonly"), "\(sql): \(message)")
            }
        }
        #expect(try ledger.fileContents() == before)
        #expect(try store.rowCounts().events == 20)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/herald-ledger-evil.sqlite"))
        let mode = try store.makeQuery().run(sql: "PRAGMA journal_mode")
        #expect(mode.rows == [[.text("wal")]])
    }

    @Test("the refusal names what was refused")
    func refusalMessage() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        #expect(throws: LedgerError.writeRefused("DELETE from events")) {
            try store.makeQuery().run(sql: "DELETE FROM events")
        }
        #expect(throws: LedgerError.writeRefused("PRAGMA writable_schema = 1")) {
            try store.makeQuery().run(sql: "PRAGMA writable_schema = 1")
        }
        #expect(LedgerError.writeRefused("DELETE from events").description.contains("read-only"))
    }

    @Test("schema-inspection pragmas are allowed")
    func inspectionPragmas() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let info = try store.makeQuery().run(sql: "PRAGMA table_info(events)")
        #expect(info.column("name")?.contains(.text("correlation_id")) == true)
        // Pragma table functions make SQLite report writes to sqlite_master to the authorizer: refused.
        #expect(throws: LedgerError.writeRefused("UPDATE of sqlite_master")) {
            try store.makeQuery().run(sql: "SELECT name FROM pragma_table_info('receipts')")
        }
        #expect(try store.makeQuery().run(sql: "PRAGMA user_version").rows == [[.integer(2)]])
    }

    @Test("a numeric incident parameter matches the text correlation id in alert_events (schema v2)")
    func numericIncidentParameter() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try ledger.open()
        try store.apply(LedgerBatch(
            events: [Rows.event(1, id: "evt-1", correlation: "42"), Rows.event(2, id: "evt-2", correlation: "0042")],
            attempts: [Rows.attempt(1, event: "evt-1"), Rows.attempt(2, event: "evt-2")], cursors: ["log": 3]))
        let sql = "SELECT origin_event_id FROM alert_events WHERE incident_id = :incident"
        #expect(try store.makeQuery().run(sql: sql, parameters: ["incident": .integer(42)]).rows == [[.text("evt-1")]])
        #expect(try store.makeQuery().run(sql: sql, parameters: ["incident": .text("0042")]).rows == [[.text("evt-2")]])
    }

    @Test("more than one statement is refused, even if harmless")
    func multipleStatements() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let query = store.makeQuery()
        #expect(throws: LedgerError.multipleStatements) { try query.run(sql: "SELECT 1; SELECT 2") }
        #expect(throws: LedgerError.multipleStatements) { try query.run(sql: "SELECT 1; DELETE FROM events") }
        #expect(throws: LedgerError.multipleStatements) { try query.run(sql: "SELECT 1; garbage") }
        #expect(try query.run(sql: "SELECT 1 AS one; ").rows == [[.integer(1)]])
        #expect(try query.run(sql: "SELECT 1 AS one; -- trailing comment").rows == [[.integer(1)]])
        #expect(throws: LedgerError.emptyQuery) { try query.run(sql: "  -- nothing\n") }
        #expect(throws: LedgerError.self) { try query.run(sql: "SELEC 1") }
        #expect(try store.rowCounts().events == 20)
    }

    @Test("a slow query is cut off at the time limit and the next query works")
    func slowQueryTimesOut() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let query = store.makeQuery()
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: LedgerError.queryTimedOut(.milliseconds(200))) {
            try query.run(
                sql: """
                    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000000)
                    SELECT count(*) FROM c
                    """,
                timeLimit: .milliseconds(200))
        }
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(190))
        #expect(elapsed < .seconds(2), "cut off after \(elapsed)")
        #expect(try query.run(sql: "SELECT count(*) AS n FROM events", timeLimit: .milliseconds(200)).rows == [[20]])
        #expect(try store.rowCounts().events == 20)
    }

    @Test("huge values are refused instead of allocated")
    func valueLimit() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        // The caller's error (the API answers 400), not the ledger's (500).
        #expect {
            try store.makeQuery().run(sql: "SELECT length(zeroblob(1000000000))")
        } throws: { error in
            if case .invalidSQL(let message)? = error as? LedgerError { return message.contains("too big") }
            return false
        }
        #expect(throws: LedgerError.invalidSQL("integer overflow")) { try store.makeQuery().run(sql: "SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)") }
        #expect(try store.makeQuery().run(sql: "SELECT length(zeroblob(1000))").rows == [[1000]])
    }

    @Test("a long query never blocks the writer (WAL)", .timeLimit(.minutes(1)))
    func queryDoesNotBlockWriter() async throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let query = store.makeQuery()
        let clock = ContinuousClock()
        // The query and the writes each run on a thread of their own (both block), so neither waits for one of Swift's
        // few cooperative threads on a loaded machine. The query runs until its 3 s limit and reports when it ended.
        async let slow: (LedgerError?, ContinuousClock.Instant) = onThread {
            do throws(LedgerError) {
                _ = try query.run(
                    sql: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c, events",
                    timeLimit: .seconds(3))
                return (nil, clock.now)
            } catch {
                return (error, clock.now)
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        let (start, written) = try await onThread { () throws -> (ContinuousClock.Instant, ContinuousClock.Instant) in
            let start = clock.now
            for index in 0..<10 {
                try store.apply(LedgerBatch(events: [Rows.event(UInt64(100 + index))], cursors: ["log": UInt64(101 + index)]))
            }
            return (start, clock.now)
        }
        let (error, queryEnded) = try await slow
        #expect(error == .queryTimedOut(.seconds(3)))
        // Ten commits (each with its fsync) finished while the query still ran: the reader did not block the writer.
        // Ordered, not timed, so a slow disk under a loaded machine does not decide it.
        #expect(written < queryEnded, "10 commits took \(start.duration(to: written)), until after the query ended")
        #expect(try store.rowCounts().events == 30)
    }

    @Test("row limit truncates and reports it")
    func rowLimit() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let query = store.makeQuery()
        let limited = try query.run(sql: "SELECT log_seq FROM events ORDER BY log_seq", rowLimit: 5)
        #expect(limited.rows == [[1], [2], [3], [4], [5]])
        #expect(limited.truncated)
        let exact = try query.run(sql: "SELECT log_seq FROM events", rowLimit: 20)
        #expect(exact.rows.count == 20 && !exact.truncated)
        let none = try query.run(sql: "SELECT log_seq FROM events", rowLimit: 0)
        #expect(none.rows.isEmpty && none.truncated && none.columns == ["log_seq"])
        #expect(throws: LedgerError.self) { try query.run(sql: "SELECT 1", rowLimit: -1) }
        #expect(throws: LedgerError.self) { try query.run(sql: "SELECT 1", timeLimit: .zero) }
    }

    @Test("named parameters bind every value type; missing and positional ones are errors")
    func namedParameters() throws {
        let (ledger, store) = try seeded()
        defer { ledger.remove() }
        let query = store.makeQuery()
        let result = try query.run(
            sql: "SELECT log_seq FROM events WHERE time_ms >= :from AND time_ms < @to AND source = $source ORDER BY 1",
            parameters: [":from": 500, "to": 800, "source": "app.test", "unused": nil])
        #expect(result.rows == [[5], [6], [7]])
        let types = try query.run(
            sql: "SELECT :n AS n, :i AS i, :d AS d, :t AS t, :b AS b, typeof(:b) AS bt",
            parameters: ["n": .null, "i": .integer(-3), "d": .double(2.5), "t": .text("é,\"x\""), "b": .blob([1, 255])])
        #expect(types.rows == [[.null, .integer(-3), .double(2.5), .text("é,\"x\""), .blob([1, 255]), .text("blob")]])
        #expect(throws: LedgerError.missingParameter(":escalation_time")) {
            try query.run(sql: "SELECT * FROM alert_events WHERE timestamp <= :escalation_time")
        }
        #expect(throws: LedgerError.positionalParameter("?")) { try query.run(sql: "SELECT ?") }
        #expect(throws: LedgerError.positionalParameter("?1")) { try query.run(sql: "SELECT ?1", parameters: ["1": 1]) }
    }

    @Test("a missing file is a clear error")
    func missingFile() throws {
        let query = LedgerQuery(path: "/nonexistent/herald/ledger.sqlite")
        #expect {
            try query.run(sql: "SELECT 1")
        } throws: { error in
            guard let error = error as? LedgerError, case .cannotOpen(let path, _) = error else { return false }
            return path == "/nonexistent/herald/ledger.sqlite"
        }
    }
}
