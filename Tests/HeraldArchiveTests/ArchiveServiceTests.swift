import Foundation
import HeraldCatalog
import HeraldEngine
import HeraldStorage
import Testing

@testable import HeraldArchive

@Suite struct ArchiveServiceTests {
    @Test func countsMatchingEventsAndSurvivesRestart() async throws {
        var harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        _ = try await harness.catalog.createEventBus(CreateEventBusInput(name: "other"))
        try await harness.put(id: "before", source: "a")  // before the archive exists: not archived
        harness.clock.set(ArchiveHarness.start + 1_000)
        _ = try await harness.createArchive("only-a", pattern: #"{"source":["a"]}"#)
        _ = try await harness.createArchive("other-all", bus: "arn:aws:events:us-east-1:000000000000:event-bus/other")
        harness.clock.set(ArchiveHarness.start + 2_000)
        try await harness.put(id: "a1", source: "a")
        try await harness.put(id: "b1", source: "b")
        try await harness.put(id: "a2", source: "a")
        try await harness.put(id: "o1", source: "a", bus: "other")
        try await harness.put(id: "r1", source: "a", replayName: "earlier")  // replayed: not archived again
        let size = Int64(ArchiveHarness.envelope(id: "a1", source: "a").count * 2)

        let first = harness
        try await whileRunning(first.archiveService(), run: { try await $0.run() }) {
            try await eventually("the first counts") {
                let archives = first.catalog.snapshot.archives
                return archives["only-a"]?.eventCount == 2 && archives["other-all"]?.eventCount == 1
            }
        }
        #expect(harness.catalog.snapshot.archives["only-a"]?.sizeBytes == size)
        let stats = try #require(try ArchiveStatistics.load("only-a", from: harness.store.catalog))
        #expect(stats.eventCount == 2 && stats.nextSequence == harness.store.log.lastSequence + 1)
        let consumer = try #require(try harness.store.consumers.info(named: "archive/only-a"))
        #expect(consumer.cursor == harness.store.log.lastSequence + 1)

        harness = try await harness.reopened()
        try await harness.put(id: "a3", source: "a")
        let second = harness
        try await whileRunning(second.archiveService(), run: { try await $0.run() }) {
            try await eventually("the count after a restart") { second.catalog.snapshot.archives["only-a"]?.eventCount == 3 }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(harness.catalog.snapshot.archives["only-a"]?.eventCount == 3)
        #expect(harness.catalog.snapshot.archives["other-all"]?.eventCount == 1)

        try await harness.catalog.deleteArchive(name: "only-a")
        let third = harness
        try await whileRunning(third.archiveService(), run: { try await $0.run() }) {
            try await eventually("the deleted archive's consumer is removed") {
                try third.store.consumers.info(named: "archive/only-a") == nil
            }
        }
        #expect(try ArchiveStatistics.load("only-a", from: harness.store.catalog) == nil)
        await harness.close()
    }

    @Test func countsABacklogExactly() async throws {
        let harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        _ = try await harness.createArchive("half", pattern: #"{"source":["a"]}"#)
        harness.clock.set(ArchiveHarness.start + 1_000)
        for batch in 0..<20 {
            let payloads = (0..<1_000).map { index in
                StoredEvent(busName: "default", envelopeJSON: ArchiveHarness.envelope(id: "\(batch)-\(index)", source: index % 2 == 0 ? "a" : "b")).bytes
            }
            _ = try await harness.store.log.append(batch: payloads)
        }
        let started = ContinuousClock.now
        try await whileRunning(harness.archiveService(), run: { try await $0.run() }) {
            try await eventually(seconds: 60, "the backlog to be counted") { harness.catalog.snapshot.archives["half"]?.eventCount == 10_000 }
        }
        print("archived 20,000 logged events (10,000 matching) in \(ContinuousClock.now - started)")
        #expect(harness.catalog.snapshot.archives["half"]?.eventCount == 10_000)
        await harness.close()
    }

    @Test func retentionFloorKeepsWhatArchivesNeed() async throws {
        let harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        let service = harness.archiveService()
        #expect(service.retentionFloor() == nil)
        _ = try await harness.createArchive("week", retentionDays: 1)
        let old1 = try await harness.put(id: "old1", source: "a")
        harness.clock.set(ArchiveHarness.start + ArchiveHarness.day / 2)
        try await harness.put(id: "old2", source: "a")
        harness.clock.set(ArchiveHarness.start + 2 * ArchiveHarness.day)
        let recent = try await harness.put(id: "recent", source: "a")
        try await harness.put(id: "newest", source: "a")

        // Everything ingested within the last day is needed; the older events may go.
        #expect(service.retentionFloor() == recent)
        let result = try await harness.store.compactor.compact(maxEntries: 100, retentionFloor: service.retentionFloor())
        #expect(result.deleted == 2)
        #expect(try harness.store.log.firstSequence() == recent)
        #expect(old1 == 1)

        // A forever archive keeps everything from its creation.
        harness.clock.set(ArchiveHarness.start + 3 * ArchiveHarness.day)
        _ = try await harness.createArchive("forever")
        let kept = try await harness.put(id: "kept", source: "a")
        #expect(service.retentionFloor() == recent)
        try await harness.catalog.deleteArchive(name: "week")
        #expect(service.retentionFloor() == kept)
        _ = try await harness.store.compactor.compact(maxEntries: 100, retentionFloor: service.retentionFloor())
        #expect(try harness.store.log.firstSequence() == kept)

        // A running replay holds its unread range.
        try harness.store.catalog.put(ReplayProgress.key("r"), ReplayProgress(nextSequence: kept - 1, endSequence: kept + 1).bytes)
        #expect(service.retentionFloor() == kept - 1)
        try await harness.catalog.deleteArchive(name: "forever")
        try harness.store.catalog.delete(ReplayProgress.key("r"))
        #expect(service.retentionFloor() == nil)
        await harness.close()
    }

    @Test func replayedEnvelopeKeepsTheBytesAndAddsTheName() {
        let original = Array(#"{"id":"x","detail":{"n":1.50}} "#.utf8)
        let replayed = ReplayedEnvelope.adding(replayName: #"r"1"#, to: original)
        #expect(replayed.map { String(decoding: $0, as: UTF8.self) } == #"{"id":"x","detail":{"n":1.50},"replay-name":"r\"1"}"#)
        #expect(ReplayedEnvelope.adding(replayName: "r", to: Array("{}".utf8)).map { String(decoding: $0, as: UTF8.self) } == #"{"replay-name":"r"}"#)
        #expect(ReplayedEnvelope.adding(replayName: "r", to: Array("[1]".utf8)) == nil)
    }
}
