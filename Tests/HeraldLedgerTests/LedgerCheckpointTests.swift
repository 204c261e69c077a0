import Foundation
import GRDB
import Testing

@testable import HeraldLedger

@Suite("LedgerStore: checkpoints only in makeDurable, with the pages written back in slices")
struct LedgerCheckpointTests {
    /// `count` events of about 1 KiB each, numbered from `first`.
    static func batch(from first: UInt64, count: Int) -> LedgerBatch {
        let padding = String(repeating: "x", count: 1_000)
        let events = (first..<first + UInt64(count)).map { seq in
            LedgerEvent(
                eventID: "evt-\(seq)", logSequence: seq, bus: "default", timeMilliseconds: 1_000, source: "app.test",
                detailType: "Tested", correlationID: nil, detail: #"{"n":\#(seq),"pad":"\#(padding)"}"#)
        }
        return LedgerBatch(events: events, cursors: ["log": first + UInt64(count)])
    }

    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
    }

    static func synchronous(_ store: LedgerStore) throws -> Int? {
        try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    }

    @Test("writes stay in the WAL until makeDurable passes the threshold; then all of it is in the database file")
    func checkpointAtThreshold() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let store = try LedgerStore(path: ledger.path, checkpointThreshold: 512 << 10)
        let synchronousBefore = try Self.synchronous(store)
        let emptyDatabase = Self.size(ledger.path)

        // Below the threshold: durable, but not checkpointed.
        try store.apply(Self.batch(from: 1, count: 100))
        try store.makeDurable()
        #expect(Self.size(ledger.path + "-wal") < 512 << 10)
        #expect(Self.size(ledger.path) == emptyDatabase)

        // Past it, without makeDurable: SQLite's automatic checkpoint (every 4 MiB by default) is off.
        for round in 0..<50 { try store.apply(Self.batch(from: 101 + UInt64(round) * 100, count: 100)) }
        #expect(Self.size(ledger.path + "-wal") > 4 << 20)
        #expect(Self.size(ledger.path) == emptyDatabase)

        try store.makeDurable()
        #expect(Self.size(ledger.path) > 4 << 20)
        // Everything in the WAL was copied into the database file.
        let frames = try store.pool.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
        #expect(frames?[1] as Int? == frames?[2] as Int?)
        // The writer's own syncs are back on.
        #expect(try Self.synchronous(store) == synchronousBefore)
        #expect(try store.rowCounts().events == 5_100)
        #expect(try store.cursor(named: "log") == 5_101)
    }

    @Test("write-back and sync of a file that does not exist are no-ops; of one that does, the bytes are unchanged")
    func writeBackFiles() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        let missing = ledger.directory.appendingPathComponent("missing").path
        #expect(FileWriteBack.writeBack(path: missing, pause: .milliseconds(1)) == 0)
        try FileWriteBack.sync(missing)
        #expect(FileWriteBack.size(missing) == 0)

        let file = ledger.directory.appendingPathComponent("pages").path
        let bytes = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: file))
        FileWriteBack.writeBack(path: file, pause: .zero)
        try FileWriteBack.sync(file)
        #expect(FileWriteBack.size(file) == 3 << 20)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes)
    }
}
