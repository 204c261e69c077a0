import Foundation
import HeraldLedger

/// A ledger file in a fresh temporary directory, removed by ``remove()``.
struct TemporaryLedger {
    let directory: URL
    var path: String { directory.appendingPathComponent(LedgerStore.defaultFileName).path }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-ledger-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func open() throws -> LedgerStore {
        try LedgerStore(path: path)
    }

    /// The bytes of the database file and its WAL, to check that nothing was written.
    func fileContents() throws -> [Data] {
        try [path, path + "-wal"].map { file in
            FileManager.default.fileExists(atPath: file) ? try Data(contentsOf: URL(fileURLWithPath: file)) : Data()
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Small row builders for tests.
enum Rows {
    static func event(_ seq: UInt64, id: String? = nil, time: Int64 = 1_000, correlation: String? = nil) -> LedgerEvent {
        LedgerEvent(
            eventID: id ?? "evt-\(seq)", logSequence: seq, bus: "default", timeMilliseconds: time, source: "app.test",
            detailType: "Tested", correlationID: correlation, detail: #"{"n":\#(seq)}"#)
    }

    static func attempt(
        _ seq: UInt64, event: String = "evt-1", target: String = "t1", time: Int64 = 1_000,
        outcome: LedgerOutcome = .delivered, provider: String? = nil, message: String? = nil
    ) -> LedgerAttempt {
        LedgerAttempt(
            journalSequence: seq, eventID: event, rule: "r1", target: target, attempt: 1, timeMilliseconds: time,
            latencyMicroseconds: 900, outcome: outcome, httpStatus: outcome == .delivered ? 200 : 503,
            provider: provider, providerMessageID: message)
    }

    static func receipt(
        _ id: String, seq: UInt64, provider: String = "twilio", message: String, status: String, time: Int64
    ) -> LedgerReceipt {
        LedgerReceipt(
            receiptEventID: id, logSequence: seq, provider: provider, providerMessageID: message, status: status,
            occurredAtMilliseconds: time)
    }
}
