import HeraldCatalog
import HeraldStorage

extension ArchiveService {
    /// Brings the trackers in line with the catalog: starts tracking new enabled archives, recompiles changed
    /// ones, stops tracking deleted, disabled or re-created ones, and removes the consumers and totals of archives
    /// that no longer exist.
    func reconcile(_ trackers: inout [String: ArchiveTracker], with snapshot: CatalogSnapshot, firstTime: Bool) async throws(ArchiveError) {
        let enabled = snapshot.archives.filter { $0.value.state == .enabled }
        var removed = false
        for (name, tracker) in Array(trackers) {
            if let current = enabled[name], current.creationTime == tracker.archive.creationTime { continue }
            if let current = snapshot.archives[name], current.creationTime == tracker.archive.creationTime {
                var disabled = [name: tracker]
                try await flush(&disabled)
            }
            trackers[name] = nil
            removed = true
        }
        for (name, archive) in enabled {
            if var tracker = trackers[name] {
                if tracker.needsRecompile(for: archive) {
                    do throws(ArchiveError) {
                        tracker.filter = try ArchiveFilter(archive)
                    } catch {
                        logger.error("archive pattern does not compile; keeping the previous one", metadata: ["error": "\(error)"])
                    }
                }
                tracker.archive = archive
                trackers[name] = tracker
            } else {
                do throws(ArchiveError) {
                    trackers[name] = try await startTracking(archive)
                } catch {
                    guard case .invalidPattern = error else { throw error }
                    logger.error("archive pattern does not compile; not archiving", metadata: ["error": "\(error)"])
                }
            }
        }
        if firstTime || removed { try await removeStale(snapshot: snapshot, tracked: Set(trackers.keys)) }
    }

    /// Loads (or starts) the totals of `archive` and registers its consumer at the counting position.
    private func startTracking(_ archive: Archive) async throws(ArchiveError) -> ArchiveTracker {
        let filter = try ArchiveFilter(archive)
        let loaded = try ArchiveStatistics.load(archive.name, from: store.catalog)
        do throws(StorageError) {
            let statistics: ArchiveStatistics
            if let loaded, loaded.creationTime == filter.creationTime {
                statistics = loaded
            } else {
                let start = try store.log.firstSequence(atOrAfterIngestTime: filter.creationTime) ?? store.log.lastSequence + 1
                statistics = ArchiveStatistics(creationTime: filter.creationTime, nextSequence: start)
                try store.catalog.put(ArchiveStatistics.key(archive.name), statistics.bytes)
            }
            let info = try await store.consumers.register(ArchiveTracker.consumerName(archive.name), initialCursor: statistics.nextSequence)
            if info.cursor != statistics.nextSequence {
                try await store.consumers.apply([.setCursor(statistics.nextSequence)], for: info.id)
            }
            return ArchiveTracker(
                archive: archive, filter: filter, consumer: info.id, statistics: statistics, persisted: statistics,
                reported: (UInt64(max(0, archive.eventCount)), UInt64(max(0, archive.sizeBytes))))
        } catch {
            throw .storage(error)
        }
    }

    /// Persists changed totals with the position they cover, moves each archive's consumer there, and reports
    /// changed totals to the catalog.
    func flush(_ trackers: inout [String: ArchiveTracker]) async throws(ArchiveError) {
        let dirty = trackers.filter { $0.value.statistics != $0.value.persisted }
        if !dirty.isEmpty {
            do throws(StorageError) {
                try store.catalog.apply(dirty.map { .put(key: ArchiveStatistics.key($0.key), value: $0.value.statistics.bytes) })
                for (name, tracker) in dirty {
                    try await store.consumers.apply([.advanceCursor(to: tracker.statistics.nextSequence)], for: tracker.consumer)
                    trackers[name]?.persisted = tracker.statistics
                }
            } catch {
                throw .storage(error)
            }
        }
        for (name, tracker) in Array(trackers) {
            let totals = (count: tracker.statistics.eventCount, size: tracker.statistics.sizeBytes)
            guard totals != tracker.reported else { continue }
            do {
                try await catalog.recordArchiveStatistics(
                    name: name, eventCount: Int64(clamping: totals.count), sizeBytes: Int64(clamping: totals.size))
            } catch {
                guard case .resourceNotFound = error else { throw .catalog(error) }
            }
            trackers[name]?.reported = totals
        }
    }

    /// Removes `archive/` consumers that are not tracked and totals of archives that no longer exist.
    private func removeStale(snapshot: CatalogSnapshot, tracked: Set<String>) async throws(ArchiveError) {
        let prefix = ArchiveTracker.consumerName("")
        do throws(StorageError) {
            for consumer in try store.consumers.all() where consumer.name.hasPrefix(prefix) {
                guard !tracked.contains(String(consumer.name.dropFirst(prefix.count))) else { continue }
                try await store.consumers.remove(consumer.name)
            }
            let stale = try store.catalog.list(prefix: ArchiveStatistics.keyPrefix).filter {
                snapshot.archives[String($0.key.dropFirst(ArchiveStatistics.keyPrefix.count))] == nil
            }
            try store.catalog.apply(stale.map { .delete(key: $0.key) })
        } catch {
            throw .storage(error)
        }
    }
}
