import Foundation
import HeraldCatalog
import HeraldStorage
import Logging
import ServiceLifecycle
import Testing

@testable import HeraldArchive

@Suite struct GracefulShutdownTests {
    /// In a service group, graceful shutdown stops both services; the archiver persists and reports its totals
    /// on the way out even when its interval has not elapsed.
    @Test func shutdownPersistsArchiveTotals() async throws {
        let harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        _ = try await harness.createArchive("all")
        harness.clock.set(ArchiveHarness.start + 1_000)
        for index in 0..<4 { try await harness.put(id: "e\(index)", source: "a") }
        let logger = Logger(label: "test.group")
        let archives = harness.archiveService(interval: .seconds(3_600))
        let replays = harness.replayService(batchSize: 10)
        let group = ServiceGroup(configuration: .init(services: [archives, replays] as [any Service], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(300))
            #expect(harness.catalog.snapshot.archives["all"]?.eventCount == 0)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(harness.catalog.snapshot.archives["all"]?.eventCount == 4)
        let stats = try #require(try ArchiveStatistics.load("all", from: harness.store.catalog))
        #expect(stats.eventCount == 4)
        await harness.close()
    }
}
