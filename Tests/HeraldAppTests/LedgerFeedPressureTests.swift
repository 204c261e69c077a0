import Foundation
import HeraldStorage
import Testing

@testable import HeraldApp

/// The ledger feed's map-pressure rule: once the LMDB map is more than half full the feed stops waiting for idle CPU
/// and releases what it holds at once, so compaction can free the events it was holding back (real LMDB files in a
/// temporary directory).
@Suite("Ledger feed under map pressure")
struct LedgerFeedPressureTests {
    @Test("pressure reads the map's fill (over half is pressed); a reading younger than 500 ms is kept")
    func pressureFollowsTheMap() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-pressure-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let mapSize = 2 << 20
        let store = try HeraldStore(
            directory: directory, configuration: StorageConfiguration(environment: .init(mapSize: mapSize)))
        defer { store.close() }

        var empty = LedgerFeed.MapPressure()
        let emptyPressed = empty.check(store)
        #expect(!emptyPressed, "an empty store is not under pressure")

        // Fill past half the map with 4 KiB events, 16 per commit (bounded: the map cannot hold 512 of them).
        let batch = [[UInt8]](repeating: [UInt8](repeating: UInt8(ascii: "x"), count: 4096), count: 16)
        var appended = 0
        while try store.usage().usedBytes * 2 <= mapSize, appended < 512 {
            _ = try await store.log.append(batch: batch)
            appended += batch.count
        }
        #expect(try store.usage().usedBytes * 2 > mapSize, "filled after \(appended) events")

        var fresh = LedgerFeed.MapPressure()
        let freshPressed = fresh.check(store)
        #expect(freshPressed, "a map over half full is pressed")
        // A reading younger than 500 ms is kept (the usage is not read on every step); an older one is read again.
        // (The readings' times are set here, not waited for: the fill can take seconds on a loaded machine.)
        var recent = LedgerFeed.MapPressure(pressed: false, checked: .now.advanced(by: .seconds(3600)))
        let cached = recent.check(store)
        #expect(!cached, "a reading under 500 ms old is kept")
        var stale = LedgerFeed.MapPressure(pressed: false, checked: .now.advanced(by: .seconds(-1)))
        let reread = stale.check(store)
        #expect(reread, "a reading over 500 ms old is taken again")
    }

    @Test("a pressed release is due at once; an unpressed one waits for 20,000 entries or 2 s; nothing taken, nothing due")
    func pressedReleaseIsDueAtOnce() {
        // Its last release set an hour ahead, so the 2 s rule cannot fire however slowly this test runs.
        var release = LedgerFeed.Release(last: .now.advanced(by: .seconds(3600)))
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
