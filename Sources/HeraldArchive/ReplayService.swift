import Foundation
import HeraldCatalog
import HeraldStorage
import Logging
import ServiceLifecycle

/// Executes replays: for each replay in `STARTING`, fixes the log range of its time window, moves it to `RUNNING`
/// and re-appends, in bounded batches, every archived event of the range (the archive's bus and pattern, at or
/// after the archive's creation, within its retention) as a new log record on the destination bus with the same
/// envelope plus `"replay-name"`. Progress (`EventLastReplayedTime`) is reported after each batch; `CANCELLING`
/// is honoured between batches (→ `CANCELLED`); the end of the range → `COMPLETED`.
///
/// The position is persisted under `replay-progress/<name>` in the storage key-value table after each batch, so a
/// `RUNNING` replay resumes after a restart; a crash between a batch's append and its position write re-injects
/// that one batch again. Replays run one batch at a time each, round-robin, woken by catalog changes.
///
/// - Important: Run one instance per store, next to ``ArchiveService`` (whose ``ArchiveService/retentionFloor()``
///   keeps the unread part of running replays from being compacted).
public struct ReplayService<C: Clock>: Service where C.Duration == Duration {
    /// The store whose log is replayed into.
    let store: HeraldStore
    /// The catalog holding archives and replays.
    let catalog: HeraldCatalog.Catalog
    /// Batch size and back-off.
    let configuration: ArchiveConfiguration
    /// The clock used for back-off after errors.
    let clock: C
    /// The wall clock used for archive retention.
    let wallClock: any WallClock
    /// Where failures are logged.
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - store: The opened store.
    ///   - catalog: The catalog (replays are read from its snapshot and updated through it).
    ///   - configuration: `replayBatchSize` and `errorBackoff` are used.
    ///   - clock: The clock used for back-off.
    ///   - wallClock: Current time for archive retention (defaults to the store's clock).
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

    /// Runs until cancelled, graceful shutdown, the catalog's updates end or the store closes.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            let updates = await catalog.updates()
            for await _ in updates {
                await runPendingReplays()
                if Task.isCancelled || store.log.isClosed { break }
            }
        }
    }

    /// Advances every unfinished replay one batch at a time until none is left (or cancellation).
    func runPendingReplays() async {
        while !Task.isCancelled, !store.log.isClosed {
            let pending = catalog.snapshot.replays.values.filter { $0.state.isActive || $0.state == .cancelling }
            guard !pending.isEmpty else { return }
            for replay in pending.sorted(by: { $0.name < $1.name }) {
                guard !Task.isCancelled else { return }
                do throws(ArchiveError) {
                    try await advance(replay)
                } catch {
                    if case .storage(.closed) = error { return }
                    await fail(replay, error: error)
                }
            }
        }
    }

    /// Marks `replay` `FAILED`; if even that fails, backs off so a broken store does not spin.
    private func fail(_ replay: Replay, error: ArchiveError) async {
        logger.error("replay failed", metadata: ["replay": "\(replay.name)", "error": "\(error)"])
        do {
            try store.catalog.delete(ReplayProgress.key(replay.name))
            try await catalog.updateReplay(name: replay.name, state: .failed, reason: "Replay failed: \(error)", lastReplayedTime: nil)
        } catch {
            logger.error("could not record the replay failure", metadata: ["replay": "\(replay.name)", "error": "\(error)"])
            try? await clock.sleep(for: configuration.errorBackoff)
        }
    }
}
