import HeraldCatalog
import HeraldStorage

extension ArchiveService {
    /// The lowest log sequence still needed by an enabled archive or a running replay, for
    /// `CompactionService(retentionFloor:)`; `nil` when nothing is needed.
    ///
    /// For each enabled archive: the first sequence ingested at or after its creation (retention 0) or at or
    /// after `now - RetentionDays` when that is later (but not past the events the archiver has yet to subtract
    /// from its totals once they expire); for each replay in progress: its next source sequence.
    /// On a storage error it returns 0, so nothing is compacted until the next call succeeds.
    public func retentionFloor() -> UInt64? {
        do {
            return try computeRetentionFloor(now: wallClock.millisecondsSinceEpoch())
        } catch {
            logger.error("could not compute the archive retention floor", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// ``retentionFloor()`` at `now` (ms), with errors.
    /// - Throws: ``ArchiveError/storage(_:)`` when the log or the key-value table cannot be read.
    public func computeRetentionFloor(now: UInt64) throws(ArchiveError) -> UInt64? {
        var floor: UInt64?
        do throws(StorageError) {
            for archive in catalog.snapshot.archives.values where archive.state == .enabled {
                let bound = ArchiveFilter.lowerBound(
                    creationTime: ArchiveFilter.milliseconds(archive.creationTime), retentionDays: archive.retentionDays, now: now)
                var needed = try store.log.firstSequence(atOrAfterIngestTime: bound) ?? store.log.lastSequence + 1
                if archive.retentionDays > 0, let totals = try? ArchiveStatistics.load(archive.name, from: store.catalog),
                    totals.creationTime == ArchiveFilter.milliseconds(archive.creationTime)
                {
                    // Expired events stay until the archiver has subtracted them from the totals.
                    needed = min(needed, totals.expiredSequence)
                }
                floor = min(floor ?? needed, needed)
            }
        } catch {
            throw .storage(error)
        }
        for progress in try ReplayProgress.all(in: store.catalog).values where !progress.isFinished {
            floor = min(floor ?? progress.nextSequence, progress.nextSequence)
        }
        return floor
    }
}
