import Foundation
import HeraldCatalog
import HeraldStorage
import Logging
import ServiceLifecycle
import Testing

@testable import HeraldArchive

@Suite struct CompactionIntegrationTests {
    /// The wiring the application uses: the compactor asks the archiver for its floor while both run.
    @Test func compactionServiceFreesOnlyWhatNoArchiveNeeds() async throws {
        let harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        for index in 0..<5 { try await harness.put(id: "early\(index)", source: "a") }
        harness.clock.set(ArchiveHarness.start + ArchiveHarness.day)
        _ = try await harness.createArchive("day", retentionDays: 1)
        let firstKept = try await harness.put(id: "kept0", source: "a")
        for index in 1..<5 { try await harness.put(id: "kept\(index)", source: "a") }
        let archiver = harness.archiveService()
        let compaction = CompactionService(
            compactor: harness.store.compactor,
            configuration: .init(interval: .milliseconds(10), maxEntriesPerStep: 2, pauseBetweenSteps: .milliseconds(1)),
            clock: ContinuousClock(), retentionFloor: { archiver.retentionFloor() }, logger: Logger(label: "test.compaction"))
        try await whileRunning((archiver, compaction), run: { services in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await services.0.run() }
                group.addTask { try await services.1.run() }
                try await group.waitForAll()
            }
        }) {
            try await eventually("the events before the archive to be compacted") { try harness.store.log.firstSequence() == firstKept }
            try await eventually("the archive to count its events") { harness.catalog.snapshot.archives["day"]?.eventCount == 5 }
            try await Task.sleep(for: .milliseconds(100))
            #expect(try harness.store.log.firstSequence() == firstKept)
            // A day and a half later, the first half of the archive's events have expired.
            harness.clock.set(ArchiveHarness.start + 2 * ArchiveHarness.day + ArchiveHarness.day / 2)
            let fresh = try await harness.put(id: "fresh", source: "a")
            try await eventually("expired events to be compacted") { try harness.store.log.firstSequence() == fresh }
            // The expired events no longer count; the fresh one does.
            try await eventually("the totals to drop the expired events") { harness.catalog.snapshot.archives["day"]?.eventCount == 1 }
            let size = Int64(ArchiveHarness.envelope(id: "fresh", source: "a").count)
            #expect(harness.catalog.snapshot.archives["day"]?.sizeBytes == size)
        }
        await harness.close()
    }
}
