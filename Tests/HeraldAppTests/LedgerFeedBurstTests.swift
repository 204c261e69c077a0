import Foundation
import HeraldLedger
import HeraldStorage
import HeraldTestSupport
import Logging
import Testing

@testable import HeraldApp

/// The ledger feed over a real store (LMDB and SQLite files in a temporary directory) leaves an *ingest* burst the
/// box: it waits while events arrive faster than ``LedgerDeferral/busyEventRate``, and a backlog that has grown stale
/// leaves the idle class.
@Suite("Ledger feed during an ingest burst")
struct LedgerFeedBurstTests {
    @Test("the feed waits while events pour into the log, and not while the log is quiet or the map is filling up")
    func waitsOutAnIngestBurst() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-burst-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        let ledger = try LedgerStore(path: directory + "/ledger.sqlite")
        let feed = LedgerFeed(store: store, ledger: ledger, settings: LedgerSettings(), logger: Logger(label: "test"))
        // The feed's checks at instants the test chooses, over the store's real write positions (a loaded box's disk
        // cannot decide the rate this way).
        var deferral = LedgerDeferral()
        var now = ContinuousClock.now
        let step = LedgerDeferral.checkInterval
        let events = { (count: Int) async throws in
            _ = try await store.log.appendContiguous(batch: Array(repeating: Array("event".utf8), count: count))
        }
        try await events(100)
        try ledger.apply(LedgerBatch(cursors: [LedgerFeed.logCursor: 101]))  // the feed has taken them
        let first = feed.shouldWait(&deferral, pressed: false, now: now)
        #expect(!first)  // nothing to compare with yet

        // 4,000 events in 200 ms (20,000/s, under the busy rate): no wait.
        try await events(4_000)
        now = now.advanced(by: step)
        let slow = feed.shouldWait(&deferral, pressed: false, now: now)
        #expect(!slow)
        // 12,000 events in 200 ms (60,000/s): the feed waits, and keeps waiting while they keep coming.
        for _ in 0..<3 {
            try await events(12_000)
            now = now.advanced(by: step)
            let busy = feed.shouldWait(&deferral, pressed: false, now: now)
            #expect(busy)
        }
        // The same rate with the map filling up: no wait.
        try await events(12_000)
        now = now.advanced(by: step)
        let pressed = feed.shouldWait(&deferral, pressed: true, now: now)
        #expect(!pressed)
        // Quiet again: no wait.
        now = now.advanced(by: step)
        let quiet = feed.shouldWait(&deferral, pressed: false, now: now)
        #expect(!quiet)
    }

    @Test("a backlog under the catch-up lag stays in the idle class while fresh, and leaves it once its oldest event is stale")
    func staleBacklogLeavesTheIdleClass() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-stale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = ManualWallClock(1_700_000_000_000)
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
}
