import Foundation
import HeraldLedger
import HeraldStorage
import Logging
import Synchronization
import Testing

@testable import HeraldApp

/// The ledger feed, run for real (LMDB and SQLite files in a temporary directory), leaves an *ingest* burst the box:
/// it takes events while the log is quiet, takes nothing while events arrive faster than
/// ``LedgerDeferral/busyEventRate``, and catches up once the burst is over.
@Suite("Ledger feed during an ingest burst")
struct LedgerFeedBurstTests {
    @Test("the feed takes nothing while events pour in, then catches up with all of them")
    func waitsOutAnIngestBurst() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-burst-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        let ledger = try LedgerStore(path: directory + "/ledger.sqlite")
        let feed = LedgerFeed(store: store, ledger: ledger, settings: LedgerSettings(), logger: Logger(label: "test"))
        let running = Task { try await feed.run() }
        defer { running.cancel() }
        let payload = Array(repeating: UInt8(ascii: "x"), count: 200)

        // Quiet: the feed takes what is there.
        _ = try await store.log.appendContiguous(batch: Array(repeating: payload, count: 100))
        let tookQuiet = await eventually(timeout: .seconds(20)) { (try? ledger.cursor(named: LedgerFeed.logCursor)) == 101 }
        #expect(tookQuiet, "the feed did not take 100 events from a quiet log")

        // A burst for 1.6 s at up to 100,000 events a second (2.5 times the busy rate; 1,000 per commit, ahead of that
        // schedule it sleeps), so that it stays under the backlog past which the feed never waits.
        let burstStart = ContinuousClock.now
        var midway: UInt64?
        var appended = 0
        while ContinuousClock.now - burstStart < .milliseconds(1_600) {
            _ = try await store.log.appendContiguous(batch: Array(repeating: payload, count: 1_000))
            appended += 1_000
            let due = burstStart.advanced(by: .microseconds(10 * appended))  // 100,000 a second
            if due > ContinuousClock.now { try await Task.sleep(until: due, clock: .continuous) }
            if midway == nil, ContinuousClock.now - burstStart >= .milliseconds(800) {
                midway = try ledger.cursor(named: LedgerFeed.logCursor)
            }
        }
        let atEnd = try ledger.cursor(named: LedgerFeed.logCursor)
        let elapsed = ContinuousClock.now - burstStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // The burst really was busy (else the feed is right to keep taking events and the test proves nothing).
        #expect(Double(appended) / seconds > 1.5 * LedgerDeferral.busyEventRate, "\(appended) events in \(seconds) s")
        // From midway to the end of the burst (well inside the 3 s limit) the feed took nothing.
        #expect(midway != nil && midway == atEnd, "cursor \(String(describing: midway)) at 0.8 s, \(String(describing: atEnd)) at 1.6 s")

        // After the burst it catches up with every event.
        let last = store.log.lastSequence
        let caughtUp = await eventually(timeout: .seconds(60)) { (try? ledger.cursor(named: LedgerFeed.logCursor)) == last + 1 }
        #expect(caughtUp, "the feed did not catch up to \(last + 1) after the burst")
        running.cancel()
        _ = try? await running.value
    }

    @Test("a backlog under the catch-up lag stays in the idle class while fresh, and leaves it once its oldest event is stale")
    func staleBacklogLeavesTheIdleClass() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-stale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = SettableWallClock(1_700_000_000_000)
        let store = try HeraldStore(directory: directory, clock: clock)
        defer { store.close() }
        let ledger = try LedgerStore(path: directory + "/ledger.sqlite")
        let feed = LedgerFeed(store: store, ledger: ledger, settings: LedgerSettings(batchSize: 10), logger: Logger(label: "test"))
        var release = LedgerFeed.Release()
        let consumer = try await store.consumers.register(LedgerFeed.consumerName, initialCursor: 1).id
        _ = try await store.log.appendContiguous(batch: Array(repeating: Array("fresh".utf8), count: 30))

        // 30 events behind (far under the catch-up lag), just ingested: the idle class (the idle write-back pause).
        _ = try await feed.step(consumer: consumer, defaultLogStart: 1, release: &release)
        #expect(feed.writeBackPause == LedgerFeed.idleWriteBackPause)
        // Still 20 behind, but the oldest was ingested longer ago than the staleness limit: the niced class.
        clock.advance(by: LedgerFeed.maximumStaleness + 1)
        _ = try await feed.step(consumer: consumer, defaultLogStart: 1, release: &release)
        #expect(feed.writeBackPause == .zero)
        // Caught up with what is there (under the idle lag, nothing stale left): back to the idle class.
        _ = try await store.log.appendContiguous(batch: [Array("new".utf8)])
        _ = try await feed.step(consumer: consumer, defaultLogStart: 1, release: &release)
        _ = try await feed.step(consumer: consumer, defaultLogStart: 1, release: &release)
        #expect(feed.writeBackPause == LedgerFeed.idleWriteBackPause)
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes.
    private func eventually(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}

/// A wall clock the test moves by hand (milliseconds since the epoch).
private final class SettableWallClock: WallClock {
    private let value: Mutex<UInt64>

    init(_ milliseconds: UInt64) { value = Mutex(milliseconds) }

    func millisecondsSinceEpoch() -> UInt64 { value.withLock { $0 } }

    func advance(by milliseconds: UInt64) { value.withLock { $0 += milliseconds } }
}
