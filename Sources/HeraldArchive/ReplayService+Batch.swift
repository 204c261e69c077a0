import Foundation
import HeraldCatalog
import HeraldEngine
import HeraldStorage

extension ReplayService {
    /// One step of `replay`: cancel it, start it, or replay its next batch (completing it at the end of its range).
    /// - Throws: ``ArchiveError`` when the archive or destination is gone, or storage or the catalog fails.
    func advance(_ replay: Replay) async throws(ArchiveError) {
        switch replay.state {
        case .cancelling:
            try deleteProgress(replay.name)
            try await update(replay.name, .cancelled, lastReplayedTime: nil)
        case .starting:
            let filter = try archiveFilter(of: replay)
            try saveProgress(try startingProgress(of: replay, filter: filter), for: replay.name)
            try await update(replay.name, .running, lastReplayedTime: nil)
        case .running:
            try await replayBatch(replay)
        case .completed, .cancelled, .failed:
            return
        }
    }

    /// Replays the next batch of a running replay.
    private func replayBatch(_ replay: Replay) async throws(ArchiveError) {
        let filter = try archiveFilter(of: replay)
        let snapshot = catalog.snapshot
        guard let destinationArn = replay.destination.arn, let destination = snapshot.eventBus(arn: destinationArn) else {
            throw .catalog(.resourceNotFound("Event bus \(replay.destination.arn ?? "") does not exist."))
        }
        var progress: ReplayProgress
        if let stored = try loadProgress(replay.name) {
            progress = stored
        } else {
            progress = try startingProgress(of: replay, filter: filter)
        }
        guard !progress.isFinished else {
            try deleteProgress(replay.name)
            try await update(replay.name, .completed, lastReplayedTime: nil)
            return
        }
        let records: [LogRecord]
        do {
            let remaining = Int(clamping: progress.endSequence - progress.nextSequence)
            records = try store.log.read(
                from: progress.nextSequence, limit: min(configuration.replayBatchSize, remaining), maxBytes: 8 << 20
            ).filter { $0.sequence < progress.endSequence }
        } catch {
            throw .storage(error)
        }
        let window = timeWindow(of: replay, filter: filter)
        var payloads: [[UInt8]] = []
        for record in records where window.contains(record.ingestTime) {
            guard let event = DecodedLogEvent(record), filter.matches(event) else { continue }
            guard let envelope = ReplayedEnvelope.adding(replayName: replay.name, to: event.stored.envelopeJSON) else { continue }
            let payload = StoredEvent(busName: destination.name, envelopeJSON: envelope).bytes
            guard payload.count <= store.log.maxPayloadBytes else {
                logger.warning("skipping an event too large to replay", metadata: ["replay": "\(replay.name)", "sequence": "\(record.sequence)"])
                continue
            }
            payloads.append(payload)
        }
        if !payloads.isEmpty {
            do {
                _ = try await store.log.appendContiguous(batch: payloads)
            } catch {
                throw .storage(error)
            }
        }
        progress.nextSequence = records.last.map { $0.sequence + 1 } ?? progress.endSequence
        try saveProgress(progress, for: replay.name)
        let replayedUpTo = records.last.map { ArchiveFilter.date(milliseconds: min($0.ingestTime, window.upperBound)) }
        try await update(replay.name, .running, lastReplayedTime: replayedUpTo)
    }

    /// The sequence range of `replay`'s time window, fixed now: from the first event at or after its start (or the
    /// archive's lower bound) to the first at or after its end, and never past the current end of the log.
    private func startingProgress(of replay: Replay, filter: ArchiveFilter) throws(ArchiveError) -> ReplayProgress {
        let window = timeWindow(of: replay, filter: filter)
        let log = store.log
        do {
            let pastEnd = log.lastSequence + 1
            let start = try log.firstSequence(atOrAfterIngestTime: window.lowerBound) ?? pastEnd
            let end = try log.firstSequence(atOrAfterIngestTime: window.upperBound).map { min($0, pastEnd) } ?? pastEnd
            return ReplayProgress(nextSequence: start, endSequence: max(start, end))
        } catch {
            throw .storage(error)
        }
    }

    /// Ingest times (ms) replayed: `[max(EventStartTime, archive lower bound), EventEndTime)`.
    private func timeWindow(of replay: Replay, filter: ArchiveFilter) -> Range<UInt64> {
        let lower = max(ArchiveFilter.milliseconds(replay.eventStartTime), filter.lowerBound(now: wallClock.millisecondsSinceEpoch()))
        let upper = ArchiveFilter.milliseconds(replay.eventEndTime)
        return lower..<max(lower, upper)
    }

    /// The filter of the archive `replay` reads.
    private func archiveFilter(of replay: Replay) throws(ArchiveError) -> ArchiveFilter {
        guard let archive = catalog.snapshot.archive(arn: replay.eventSourceArn) else {
            throw .catalog(.resourceNotFound("Archive \(replay.eventSourceArn) does not exist."))
        }
        return try ArchiveFilter(archive)
    }

    private func update(_ name: String, _ state: ReplayState, lastReplayedTime: Date?) async throws(ArchiveError) {
        do {
            try await catalog.updateReplay(name: name, state: state, reason: nil, lastReplayedTime: lastReplayedTime)
        } catch {
            throw .catalog(error)
        }
    }

    private func loadProgress(_ name: String) throws(ArchiveError) -> ReplayProgress? {
        let key = ReplayProgress.key(name)
        let stored: [UInt8]?
        do {
            stored = try store.catalog.get(key)
        } catch {
            throw .storage(error)
        }
        return try stored.map { (bytes) throws(ArchiveError) in try ReplayProgress(decoding: bytes, key: key) }
    }

    private func saveProgress(_ progress: ReplayProgress, for name: String) throws(ArchiveError) {
        do {
            try store.catalog.put(ReplayProgress.key(name), progress.bytes)
        } catch {
            throw .storage(error)
        }
    }

    private func deleteProgress(_ name: String) throws(ArchiveError) {
        do {
            try store.catalog.delete(ReplayProgress.key(name))
        } catch {
            throw .storage(error)
        }
    }
}
