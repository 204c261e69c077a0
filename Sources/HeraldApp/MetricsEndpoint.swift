import HeraldEngine
import HeraldLedger
import HeraldStorage
import Prometheus
import Synchronization

/// Renders `GET /metrics` (Prometheus text format) from an explicit registry.
///
/// Counters and histograms are updated as things happen (delivery attempts through swift-metrics, ingest outcomes);
/// gauges that describe state — cursor lag, retry and dead-letter queue sizes, LMDB usage, the log's extent — are
/// read at scrape time, so a scrape never reports stale state. Labels are bounded: `target` is `BUS/RULE/ID` of a
/// configured target, never a URL.
struct MetricsEndpoint: Sendable {
    let registry: PrometheusCollectorRegistry
    let store: HeraldStore
    /// The delivery ledger, when it runs: its lag behind the log and the journal is reported.
    let ledger: LedgerStore?
    /// The targets whose gauges the last scrape set: a target gone since (removed, its rule deleted) has its series
    /// removed, so alerts on its retry queue or dead letters clear instead of showing its last values for good.
    private let reportedTargets = ReportedTargets()

    init(registry: PrometheusCollectorRegistry, store: HeraldStore, ledger: LedgerStore?) {
        self.registry = registry
        self.store = store
        self.ledger = ledger
    }

    /// The per-target gauges, by name and help text.
    private static let targetGauges: [(name: String, help: String)] = [
        ("herald_target_cursor_lag_events", "Events in the log the target has not considered yet."),
        ("herald_target_retry_queue", "Events waiting for a retry."),
        ("herald_target_held_events", "Retry-queue events held behind a failing event of their ordering group (OrderingKeyPath)."),
        ("herald_target_dead_letters", "Events in the dead-letter queue."),
    ]

    func render() -> [UInt8] {
        updateGauges()
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    /// How far the ledger feed is behind: events of the log and delivery outcomes of the journal not yet in SQLite.
    private func updateLedgerGauges(_ ledger: LedgerStore, lastSequence last: UInt64) {
        guard let cursors = try? ledger.cursors() else { return }
        let nextEvent = LedgerFeed.nextLogSequence(cursor: cursors[LedgerFeed.logCursor], store: store)
        gauge("herald_ledger_lag_events", help: "Events in the log the delivery ledger has not taken yet.")
            .set(Double(last >= nextEvent ? last - nextEvent + 1 : 0))
        if let nextOutcome = try? store.journal.nextSequence() {
            let taken = cursors[LedgerFeed.journalCursor] ?? 1
            gauge("herald_ledger_lag_outcomes", help: "Delivery outcomes in the journal the delivery ledger has not taken yet.")
                .set(Double(nextOutcome > taken ? nextOutcome - taken : 0))
        }
    }

    /// The registry's gauge named `name` (the whole metric name: no namespace or unit is added).
    private func gauge(_ name: String, labels: [(String, String)] = [], help: String) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    private func updateGauges() {
        let log = store.log
        let last = log.lastSequence
        gauge("herald_log_last_sequence", help: "The last committed event sequence.").set(Double(last))
        let commits = log.statistics
        gauge("herald_log_commits", help: "Write transactions the log writer committed (each ends in fsync), since start.")
            .set(Double(commits.commits))
        gauge("herald_log_commit_requests", help: "Requests (appends, delivery-state changes) in those commits, since start.")
            .set(Double(commits.requests))
        gauge("herald_log_commit_seconds", help: "Time spent writing and syncing those commits, since start.")
            .set(Double(commits.commitNanoseconds) / 1e9)
        gauge("herald_log_commit_failures", help: "Group commits that failed, since start.").set(Double(commits.failures))
        gauge(
            "herald_log_meta_syncs",
            help: "Meta syncs that made commits durable, since start (the other commits were made durable by the next commit's data sync)."
        ).set(Double(commits.metaSyncs))
        gauge("herald_log_commit_lingers", help: "Times the log writer waited for more producers' appends before a commit, since start.")
            .set(Double(commits.lingers))
        let preallocation = store.preallocationStatistics
        gauge("herald_lmdb_preallocated_bytes", help: "Bytes of zeros written ahead of the LMDB data file's last page, since start.")
            .set(Double(preallocation.bytes))
        gauge("herald_lmdb_preallocation_failures", help: "Failed attempts to write the LMDB data file ahead of its end, since start.")
            .set(Double(preallocation.failures))
        if let first = try? log.firstSequence() {
            gauge("herald_log_first_sequence", help: "The oldest event still in the log.").set(Double(first))
        }
        if let usage = try? store.usage() {
            gauge("herald_lmdb_used_bytes", help: "Bytes of the LMDB map in use.").set(Double(usage.usedBytes))
            gauge("herald_lmdb_map_bytes", help: "The LMDB map size (the most the data file may grow to).")
                .set(Double(usage.mapSize))
            gauge("herald_lmdb_file_bytes", help: "Size of the LMDB data file.").set(Double(usage.dataFileSize))
            gauge("herald_lmdb_file_headroom_bytes", help: "Bytes of the LMDB data file past its last page in use (written ahead while the log grows).")
                .set(Double(max(0, usage.dataFileSize - usage.highWaterBytes)))
            gauge("herald_log_entries", help: "Events currently in the log.").set(Double(usage.logEntries))
        }
        if let ledger {
            updateLedgerGauges(ledger, lastSequence: last)
        }
        let consumers = (try? store.consumers.all()) ?? []
        var reported: Set<String> = []
        for consumer in consumers {
            guard let key = TargetKey(consumerName: consumer.name) else { continue }
            reported.insert(key.description)
            let labels = [("target", key.description)]
            func target(_ index: Int) -> Gauge { gauge(Self.targetGauges[index].name, labels: labels, help: Self.targetGauges[index].help) }
            let lag = last >= consumer.cursor ? last - consumer.cursor + 1 : 0
            target(0).set(Double(lag))
            if let stats = try? store.consumers.retryStats(consumer.id) {
                target(1).set(Double(stats.count))
                target(2).set(Double(stats.held))
            }
            if let count = try? store.consumers.deadLetterCount(consumer.id) {
                target(3).set(Double(count))
            }
        }
        for gone in reportedTargets.replace(with: reported) {
            for (name, help) in Self.targetGauges {
                registry.unregisterGauge(gauge(name, labels: [("target", gone)], help: help))
            }
        }
    }
}

/// The target labels the last scrape reported (scrapes may overlap: the set is swapped under a lock).
private final class ReportedTargets: Sendable {
    private let labels = Mutex<Set<String>>([])

    /// Records `current` and returns the labels reported before but not now.
    func replace(with current: Set<String>) -> Set<String> {
        labels.withLock { previous in
            defer { previous = current }
            return previous.subtracting(current)
        }
    }
}
