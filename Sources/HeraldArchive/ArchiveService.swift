import HeraldCatalog
import HeraldEngine
import HeraldStorage
import Logging
import ServiceLifecycle

/// Keeps archives: follows the event log with one consumer per enabled archive (`archive/<name>`), counts the
/// events each archive retains (its bus, its pattern, created at or after the archive, not replayed) and reports
/// `EventCount`/`SizeBytes` to the catalog.
///
/// Archived events are not copied: an archive is the event log itself, kept by retention. ``retentionFloor()``
/// tells the compactor the lowest sequence any enabled archive (or running replay) still needs.
/// Totals are persisted under `archive-stats/<name>` in the storage key-value table together with the position
/// they cover, every `statisticsInterval` and at shutdown, so they are exact across restarts.
///
/// - Important: Run one instance per store. It reads the catalog through `catalog.snapshot` and never holds a
///   transaction across `await`.
public struct ArchiveService<C: Clock>: Service where C.Duration == Duration {
    /// The store whose log is archived.
    let store: HeraldStore
    /// The catalog holding the archives.
    let catalog: HeraldCatalog.Catalog
    /// Batch sizes and intervals.
    let configuration: ArchiveConfiguration
    /// The clock used for waiting and flush intervals.
    let clock: C
    /// The wall clock used for retention.
    let wallClock: any WallClock
    /// Where failures are logged.
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - store: The opened store.
    ///   - catalog: The catalog (archives are read from its snapshot; totals are reported to it).
    ///   - configuration: Batch sizes and intervals.
    ///   - clock: The clock used for waiting (inject a test clock to drive it).
    ///   - wallClock: Current time for retention (defaults to the store's clock).
    ///   - logger: Where failures are logged.
    public init(
        store: HeraldStore, catalog: HeraldCatalog.Catalog, configuration: ArchiveConfiguration = ArchiveConfiguration(),
        clock: C, wallClock: (any WallClock)? = nil, logger: Logger
    ) {
        self.store = store
        self.catalog = catalog
        self.configuration = configuration
        self.clock = clock
        self.wallClock = wallClock ?? store.clock
        self.logger = logger
    }

    /// Runs until cancelled, graceful shutdown or the store closes; then persists and reports the totals once more.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await loop()
        }
    }

    private func loop() async {
        var trackers: [String: ArchiveTracker] = [:]
        var version: UInt64?
        var lastFlush = clock.now
        while !Task.isCancelled, !store.log.isClosed {
            do throws(ArchiveError) {
                let snapshot = catalog.snapshot
                if snapshot.version != version {
                    try await reconcile(&trackers, with: snapshot, firstTime: version == nil)
                    version = snapshot.version
                }
                let caughtUp = try count(&trackers)
                let expiring = try expire(&trackers)
                let sinceFlush = lastFlush.duration(to: clock.now)
                if sinceFlush >= configuration.statisticsInterval {
                    try await flush(&trackers)
                    lastFlush = clock.now
                }
                if caughtUp, !expiring {
                    let dirty = trackers.values.contains { $0.statistics != $0.persisted }
                    let untilFlush = configuration.statisticsInterval - lastFlush.duration(to: clock.now)
                    let wait = dirty ? max(.zero, min(configuration.idleWait, untilFlush)) : configuration.idleWait
                    await waitForAppend(after: store.log.lastSequence, atMost: wait)
                }
            } catch {
                if case .storage(.closed) = error { break }
                logger.error("archive step failed", metadata: ["error": "\(error)"])
                try? await clock.sleep(for: configuration.errorBackoff)
            }
        }
        do {
            try await flush(&trackers)
        } catch {
            logger.warning("could not persist archive totals at shutdown", metadata: ["error": "\(error)"])
        }
    }

    /// Counts the next batch of log records for every tracker behind the log's end.
    /// - Returns: `true` when every tracker has reached the end of the log.
    private func count(_ trackers: inout [String: ArchiveTracker]) throws(ArchiveError) -> Bool {
        guard let from = trackers.values.map(\.statistics.nextSequence).min() else { return true }
        let last = store.log.lastSequence
        guard from <= last else { return true }
        let records: [LogRecord]
        do {
            records = try store.log.read(from: from, limit: configuration.archiveBatchSize, maxBytes: 16 << 20)
        } catch {
            throw .storage(error)
        }
        let end = (records.last?.sequence ?? last) + 1
        let buses = Set(trackers.values.map(\.filter.busName))
        // Iterate over a copy of the names: mutating `trackers` while a view of it is alive would copy it each time.
        let names = Array(trackers.keys)
        for record in records {
            guard let stored = try? StoredEvent(decoding: record.payload), buses.contains(stored.busName),
                let event = DecodedLogEvent(record, stored: stored)
            else { continue }
            for name in names { trackers[name]?.consider(event) }
        }
        for name in names where trackers[name].map({ $0.statistics.nextSequence < end }) == true {
            trackers[name]?.statistics.nextSequence = end
        }
        return end > store.log.lastSequence
    }

    /// Subtracts from the totals, one batch per archive, the counted events that have left each archive's
    /// retention window (`RetentionDays > 0`).
    /// - Returns: `true` when some archive still has expired events to subtract.
    private func expire(_ trackers: inout [String: ArchiveTracker]) throws(ArchiveError) -> Bool {
        let now = wallClock.millisecondsSinceEpoch()
        var more = false
        for name in Array(trackers.keys) {
            guard var tracker = trackers[name], tracker.filter.retentionDays > 0 else { continue }
            do throws(StorageError) {
                let counted = tracker.statistics.nextSequence
                let bound = min(try store.log.firstSequence(atOrAfterIngestTime: tracker.filter.lowerBound(now: now)) ?? counted, counted)
                guard tracker.statistics.expiredSequence < bound else { continue }
                let records = try store.log.read(
                    from: tracker.statistics.expiredSequence, limit: configuration.archiveBatchSize, maxBytes: 16 << 20
                ).filter { $0.sequence < bound }
                for record in records {
                    if let event = DecodedLogEvent(record) { tracker.expire(event) }
                }
                tracker.statistics.expiredSequence = records.last.map { $0.sequence + 1 } ?? bound
                more = more || tracker.statistics.expiredSequence < bound
            } catch {
                throw .storage(error)
            }
            trackers[name] = tracker
        }
        return more
    }

    /// Waits until the log grows past `sequence` or `duration` elapses, whichever comes first; after an append, lets
    /// more gather for up to ``ArchiveConfiguration/settleInterval`` (still within `duration`). A busy log then costs
    /// one step per settle interval instead of one per commit: at 1,500 commits/s, waking for each had cost ingest
    /// about 5 µs of CPU per event even with no archive at all.
    private func waitForAppend(after sequence: UInt64, atMost duration: Duration) async {
        let log = store.log
        let clock = clock
        let started = clock.now
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await log.waitForAppend(after: sequence) }
            group.addTask { try? await clock.sleep(for: duration) }
            await group.next()
            group.cancelAll()
        }
        let left = duration - started.duration(to: clock.now)
        if left > .zero { try? await clock.sleep(for: min(left, configuration.settleInterval)) }
    }
}
