import Foundation
import HeraldStorage
import Testing

@testable import HeraldApp

/// The ledger feed's map-pressure rule: once the LMDB map is more than half full the feed stops waiting for idle CPU
/// and releases what it holds at once, so compaction can free the events it was holding back (real LMDB files in a
/// temporary directory).
@Suite("Ledger feed under map pressure")
struct LedgerFeedPressureTests {
    @Test("pressure reads the map's fill (over half is pressed), and is re-read at most every 500 ms")
    func pressureFollowsTheMap() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-pressure-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let mapSize = 2 << 20
        let store = try HeraldStore(
            directory: directory, configuration: StorageConfiguration(environment: .init(mapSize: mapSize)))
        defer { store.close() }

        var early = LedgerFeed.MapPressure()
        let emptyPressed = early.check(store)
        #expect(!emptyPressed, "an empty store is not under pressure")

        // Fill past half the map with 4 KiB events (bounded: the map cannot hold more than 512 of them).
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        var appended = 0
        while try store.usage().usedBytes * 2 <= mapSize, appended < 512 {
            _ = try await store.log.append(payload)
            appended += 1
        }
        #expect(try store.usage().usedBytes * 2 > mapSize, "filled after \(appended) events")

        var fresh = LedgerFeed.MapPressure()
        let freshPressed = fresh.check(store)
        #expect(freshPressed, "a map over half full is pressed")
        // The earlier reading is kept for 500 ms (the usage is not read on every step)…
        let cached = early.check(store)
        #expect(!cached)
        // …then read again.
        try await Task.sleep(for: .milliseconds(600))
        let reread = early.check(store)
        #expect(reread)
    }

    @Test("a pressed release is due at once; an unpressed one waits for 20,000 entries or 2 s; nothing taken, nothing due")
    func pressedReleaseIsDueAtOnce() {
        var release = LedgerFeed.Release()
        #expect(release.due(pressed: true) == nil, "nothing taken yet")
        release.taken(log: 42, journal: 7, count: 3)
        #expect(release.due(pressed: false) == nil, "3 entries, just now: not due")
        let due = release.due(pressed: true)
        #expect(due?.log == 42)
        #expect(due?.journal == 7)
        release.taken(log: nil, journal: 9, count: 20_000)
        #expect(release.due(pressed: false)?.journal == 9, "20,000 pending is due without pressure")
        release.released()
        #expect(release.due(pressed: true) == nil, "released: nothing left")
    }
}
