import Foundation
import HeraldCatalog
import HeraldEngine
import HeraldJSON
import HeraldStorage
import Testing

@testable import HeraldArchive

@Suite struct ReplayServiceTests {
    /// An archive of source `a` on `default` and events at one-second steps: a0 (before the archive), then a1, b1,
    /// a2, o1 (other bus), r1 (replayed), a3, a4. Returns the archive and the time of each event by id.
    static func populate(_ harness: ArchiveHarness) async throws -> (archive: Archive, times: [String: UInt64]) {
        _ = try await harness.catalog.createEventBus(CreateEventBusInput(name: "other"))
        var times: [String: UInt64] = [:]
        var now = ArchiveHarness.start
        func step() { now += 1_000; harness.clock.set(now) }
        try await harness.put(id: "a0", source: "a")
        times["a0"] = now
        step()
        let archive = try await harness.createArchive("arch", pattern: #"{"source":["a"]}"#)
        for (id, source, bus, replay) in [
            ("a1", "a", "default", nil), ("b1", "b", "default", nil), ("a2", "a", "default", nil), ("o1", "a", "other", nil),
            ("r1", "a", "default", "old"), ("a3", "a", "default", nil), ("a4", "a", "default", nil),
        ] as [(String, String, String, String?)] {
            step()
            try await harness.put(id: id, source: source, bus: bus, replayName: replay)
            times[id] = now
        }
        step()
        return (archive, times)
    }

    static func start(_ harness: ArchiveHarness, _ name: String, archive: Archive, from: UInt64, to: UInt64) async throws -> Replay {
        try await harness.catalog.startReplay(StartReplayInput(
            replayName: name, eventSourceArn: archive.arn, eventStartTime: ArchiveFilter.date(milliseconds: from),
            eventEndTime: ArchiveFilter.date(milliseconds: to), destination: ReplayDestination(arn: ArchiveHarness.busArn)))
    }

    static func replayed(_ harness: ArchiveHarness, after sequence: UInt64) throws -> [String] {
        try harness.records(after: sequence).compactMap { event -> String? in
            guard case .string(let id)? = event.json["id"] else { return nil }
            return id
        }
    }

    @Test func replaysExactlyTheArchivedEventsInRangeWithProgress() async throws {
        let harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        let (archive, times) = try await Self.populate(harness)
        let before = harness.store.log.lastSequence
        // [a0 … a3]: a0 predates the archive, a4 is past the end.
        let replay = try await Self.start(harness, "rp", archive: archive, from: times["a0"] ?? 0, to: times["a4"] ?? 0)
        let service = harness.replayService(batchSize: 2)

        try await service.advance(replay)
        #expect(harness.catalog.snapshot.replays["rp"]?.state == .running)
        #expect(harness.store.log.lastSequence == before)
        var lastTimes: [Date] = []
        for _ in 0..<10 {
            guard let current = harness.catalog.snapshot.replays["rp"], current.state == .running else { break }
            try await service.advance(current)
            if let time = harness.catalog.snapshot.replays["rp"]?.eventLastReplayedTime { lastTimes.append(time) }
        }
        let done = try #require(harness.catalog.snapshot.replays["rp"])
        #expect(done.state == .completed)
        #expect(done.replayEndTime != nil)
        #expect(lastTimes == lastTimes.sorted() && lastTimes.count >= 3)
        #expect(done.eventLastReplayedTime == ArchiveFilter.date(milliseconds: times["a3"] ?? 0))

        #expect(try Self.replayed(harness, after: before) == ["a1", "a2", "a3"])
        for event in try harness.records(after: before) {
            #expect(event.replayName == "rp")
            #expect(event.stored.busName == "default")
            guard case .string(let id)? = event.json["id"] else { continue }
            let original = ArchiveHarness.envelope(id: id, source: "a")
            #expect(event.stored.envelopeJSON == Array(original.dropLast()) + Array(#","replay-name":"rp"}"#.utf8))
        }
        #expect(try harness.store.catalog.get(ReplayProgress.key("rp")) == nil)
        await harness.close()
    }

    @Test func cancellingStopsBetweenBatches() async throws {
        let harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        let (archive, times) = try await Self.populate(harness)
        let before = harness.store.log.lastSequence
        let replay = try await Self.start(harness, "rp", archive: archive, from: times["a1"] ?? 0, to: (times["a4"] ?? 0) + 1)
        let service = harness.replayService(batchSize: 2)
        try await service.advance(replay)
        try await service.advance(try #require(harness.catalog.snapshot.replays["rp"]))
        #expect(try Self.replayed(harness, after: before) == ["a1"])

        _ = try await harness.catalog.cancelReplay(name: "rp")
        // A progress report racing the cancellation does not undo it.
        try await harness.catalog.updateReplay(name: "rp", state: .running, reason: nil, lastReplayedTime: nil)
        #expect(harness.catalog.snapshot.replays["rp"]?.state == .cancelling)
        try await service.advance(try #require(harness.catalog.snapshot.replays["rp"]))
        let cancelled = try #require(harness.catalog.snapshot.replays["rp"])
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.replayEndTime != nil)
        try await service.advance(cancelled)
        #expect(try Self.replayed(harness, after: before) == ["a1"])
        #expect(try harness.store.catalog.get(ReplayProgress.key("rp")) == nil)
        await harness.close()
    }

    @Test func runningReplayResumesAfterRestartWithoutDuplicates() async throws {
        var harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        let (archive, times) = try await Self.populate(harness)
        let before = harness.store.log.lastSequence
        let replay = try await Self.start(harness, "rp", archive: archive, from: times["a1"] ?? 0, to: (times["a4"] ?? 0) + 1)
        let first = harness.replayService(batchSize: 3)
        try await first.advance(replay)
        try await first.advance(try #require(harness.catalog.snapshot.replays["rp"]))
        #expect(try Self.replayed(harness, after: before) == ["a1", "a2"])

        harness = try await harness.reopened()
        #expect(harness.catalog.snapshot.replays["rp"]?.state == .running)
        let resumed = harness
        try await whileRunning(resumed.replayService(batchSize: 3), run: { try await $0.run() }) {
            try await eventually("the resumed replay to complete") { resumed.catalog.snapshot.replays["rp"]?.state == .completed }
        }
        #expect(try Self.replayed(harness, after: before) == ["a1", "a2", "a3", "a4"])
        await harness.close()
    }

    @Test func serviceRunsNewReplaysAndFailsOnesWhoseArchiveIsGone() async throws {
        let harness = try ArchiveHarness()
        defer { harness.removeDirectory() }
        let (archive, times) = try await Self.populate(harness)
        let before = harness.store.log.lastSequence
        try await whileRunning(harness.replayService(batchSize: 100), run: { try await $0.run() }) {
            _ = try await Self.start(harness, "all", archive: archive, from: times["a0"] ?? 0, to: (times["a4"] ?? 0) + 1)
            try await eventually("the replay to complete") { harness.catalog.snapshot.replays["all"]?.state == .completed }
            #expect(try Self.replayed(harness, after: before) == ["a1", "a2", "a3", "a4"])
            // The replayed events are not archived again and are not replayed by a later replay.
            let later = harness.store.log.lastSequence
            harness.clock.set(harness.clock.millisecondsSinceEpoch() + 1_000)
            _ = try await Self.start(harness, "again", archive: archive, from: times["a0"] ?? 0, to: harness.clock.millisecondsSinceEpoch() + 1)
            try await eventually("the second replay to complete") { harness.catalog.snapshot.replays["again"]?.state == .completed }
            #expect(try Self.replayed(harness, after: later) == ["a1", "a2", "a3", "a4"])
        }
        let replay = try await Self.start(harness, "orphan", archive: archive, from: times["a0"] ?? 0, to: (times["a4"] ?? 0) + 1)
        try await harness.catalog.deleteArchive(name: "arch")
        try await whileRunning(harness.replayService(batchSize: 100), run: { try await $0.run() }) {
            try await eventually("the orphaned replay to fail") { harness.catalog.snapshot.replays["orphan"]?.state == .failed }
        }
        #expect(replay.state == .starting)
        await harness.close()
    }
}
