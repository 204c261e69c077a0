import HeraldEvents
import HeraldStorage
import Logging
import Synchronization

/// Watches the retry queue (keyed by due time) and hands due entries to their targets' workers.
///
/// One dispatcher serves every target: it reads the due head of the queue (a cheap range read), groups it by
/// consumer and hands each group to its worker. It polls at most every `idleInterval` and at least every 20 ms
/// while retries are pending, so a retry runs within ~20 ms of its due time.
final class RetryDispatcher: Sendable {
    private let store: HeraldStore
    private let tracker: RetryTracker
    private let workers: @Sendable (ConsumerID) -> TargetWorker?
    private let scanLimit: Int
    private let idleInterval: Duration
    private let now: @Sendable () -> UTCTime
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    init(
        store: HeraldStore, tracker: RetryTracker, workers: @escaping @Sendable (ConsumerID) -> TargetWorker?, scanLimit: Int,
        idleInterval: Duration, now: @escaping @Sendable () -> UTCTime, logger: Logger
    ) {
        self.store = store
        self.tracker = tracker
        self.workers = workers
        self.scanLimit = scanLimit
        self.idleInterval = idleInterval
        self.now = now
        self.logger = logger
    }

    func stop() { stopping.store(true, ordering: .relaxed) }

    /// The claimed entries that are still queued as read; releases the rest.
    ///
    /// `due` comes from a snapshot taken before the claim. A worker may have recorded an entry's outcome (completed
    /// it, or rescheduled it with one more attempt) and released it between that snapshot and the claim; handing
    /// the stale copy out would send the same attempt twice. A worker releases only after its commit, so reading the
    /// entry again after the claim sees that commit.
    private func stillQueued(_ claimed: [RetryEntry]) throws(StorageError) -> [RetryEntry] {
        var fresh: [RetryEntry] = []
        var stale: [RetryEntry] = []
        for entry in claimed {
            if let stored = try store.consumers.retry(entry.consumer, sequence: entry.sequence),
                stored.attemptCount == entry.attemptCount, stored.dueTime == entry.dueTime, stored.redriveCount == entry.redriveCount
            {
                fresh.append(entry)
            } else {
                stale.append(entry)
            }
        }
        if !stale.isEmpty { tracker.release(stale) }
        return fresh
    }

    func run() async {
        while !stopping.load(ordering: .relaxed), !Task.isCancelled {
            let current = now().millisecondsSince1970
            do {
                let due = try store.consumers.dueRetries(dueBy: current, limit: scanLimit)
                var byConsumer: [ConsumerID: [RetryEntry]] = [:]
                for entry in try stillQueued(tracker.claim(due)) { byConsumer[entry.consumer, default: []].append(entry) }
                for (consumer, entries) in byConsumer {
                    logger.debug("retries due", metadata: ["consumer": "\(consumer)", "count": "\(entries.count)"])
                    if let worker = workers(consumer), !worker.isPaused {
                        worker.enqueueRetries(entries)
                    } else {
                        tracker.release(entries)  // its target is paused or not running (yet); look again later
                    }
                }
                let next = try store.consumers.nextRetryDueTime()
                var wait = idleInterval
                if let next {
                    let until = Duration.milliseconds(Int64(next) - Int64(current))
                    wait = min(max(until, .milliseconds(20)), idleInterval)
                }
                try? await Task.sleep(for: wait)
            } catch {
                if case .closed = error { return }
                logger.error("cannot read the retry queue; retrying in 1 s", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
