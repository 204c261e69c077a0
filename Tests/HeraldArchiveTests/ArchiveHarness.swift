import Foundation
import HeraldCatalog
import HeraldEngine
import HeraldJSON
import HeraldStorage
import HeraldTestSupport
import Logging
import Testing

@testable import HeraldArchive

extension ManualWallClock {
    /// The clock's time as a `Date`, as archive filters read it.
    var date: Date { ArchiveFilter.date(milliseconds: millisecondsSinceEpoch()) }
}

/// A real LMDB store and catalog in a temporary directory, sharing one manual wall clock.
final class ArchiveHarness: Sendable {
    static let day: UInt64 = 86_400_000
    static let start: UInt64 = 1_700_000_000_000
    static let busArn = "arn:aws:events:us-east-1:000000000000:event-bus/default"

    let directory: String
    let clock: ManualWallClock
    let store: HeraldStore
    let catalog: HeraldCatalog.Catalog

    init(directory: String? = nil, clock: ManualWallClock? = nil) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("herald-archive-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let clock = clock ?? ManualWallClock(Self.start)
        self.directory = directory
        self.clock = clock
        store = try HeraldStore(directory: directory, clock: clock)
        catalog = try HeraldCatalog.Catalog(
            store: StorageCatalogStore(table: store.catalog), patterns: StandardPatternEngine(), now: { clock.date })
    }

    /// Closes this store and opens the same directory again (a restart).
    func reopened() async throws -> ArchiveHarness {
        await catalog.finishUpdates()
        store.close()
        return try ArchiveHarness(directory: directory, clock: clock)
    }

    func close() async {
        await catalog.finishUpdates()
        store.close()
    }

    func removeDirectory() { try? FileManager.default.removeItem(atPath: directory) }

    /// An envelope JSON with `source`, an id and an optional `replay-name`.
    static func envelope(id: String, source: String, replayName: String? = nil) -> [UInt8] {
        var text = #"{"version":"0","id":"\#(id)","detail-type":"t","source":"\#(source)","account":"000000000000","#
        text += #""time":"2023-11-14T22:13:20Z","region":"us-east-1","resources":[],"detail":{"n":1.50}"#
        if let replayName { text += #","replay-name":"\#(replayName)""# }
        return Array((text + "}").utf8)
    }

    /// Appends one event at the clock's current time.
    @discardableResult
    func put(id: String, source: String, bus: String = "default", replayName: String? = nil) async throws -> UInt64 {
        let event = StoredEvent(busName: bus, envelopeJSON: Self.envelope(id: id, source: source, replayName: replayName))
        return try await store.log.append(event.bytes)
    }

    func createArchive(_ name: String, pattern: String? = nil, retentionDays: Int = 0, bus: String = ArchiveHarness.busArn) async throws -> Archive {
        try await catalog.createArchive(ArchiveInput(archiveName: name, eventSourceArn: bus, eventPattern: pattern, retentionDays: retentionDays))
    }

    func archiveService(interval: Duration = .milliseconds(20)) -> ArchiveService<ContinuousClock> {
        ArchiveService(
            store: store, catalog: catalog,
            configuration: ArchiveConfiguration(statisticsInterval: interval, idleWait: .milliseconds(50), errorBackoff: .milliseconds(50)),
            clock: ContinuousClock(), logger: Logger(label: "test.archive"))
    }

    func replayService(batchSize: Int) -> ReplayService<ContinuousClock> {
        ReplayService(
            store: store, catalog: catalog, configuration: ArchiveConfiguration(replayBatchSize: batchSize, errorBackoff: .milliseconds(50)),
            clock: ContinuousClock(), logger: Logger(label: "test.replay"))
    }

    /// Every decoded record with a sequence greater than `after`.
    func records(after sequence: UInt64) throws -> [DecodedLogEvent] {
        try store.log.read(from: sequence + 1, limit: 10_000).compactMap { DecodedLogEvent($0) }
    }
}

/// Runs `service` while `body` runs, then cancels it (bounded by the body's own waits).
func whileRunning<S: Sendable>(_ service: S, run: @escaping @Sendable (S) async throws -> Void, _ body: () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await run(service) }
        do {
            try await body()
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
        try await group.waitForAll()
    }
}

/// Polls `condition` every 10 ms for at most `seconds`; records an issue when it never holds.
func eventually(seconds: Double = 30, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("timed out waiting for \(what)")
}
