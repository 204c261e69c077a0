import HeraldEngine
import HeraldLedger
import HeraldStorage
import Prometheus

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
        for consumer in consumers {
            guard let key = TargetKey(consumerName: consumer.name) else { continue }
            let labels = [("target", key.description)]
            let lag = last >= consumer.cursor ? last - consumer.cursor + 1 : 0
            gauge("herald_target_cursor_lag_events", labels: labels, help: "Events in the log the target has not considered yet.")
                .set(Double(lag))
            if let stats = try? store.consumers.retryStats(consumer.id) {
                gauge("herald_target_retry_queue", labels: labels, help: "Events waiting for a retry.")
                    .set(Double(stats.count))
                gauge(
                    "herald_target_held_events", labels: labels,
                    help: "Retry-queue events held behind a failing event of their ordering group (OrderingKeyPath)."
                ).set(Double(stats.held))
            }
            if let count = try? store.consumers.deadLetterCount(consumer.id) {
                gauge("herald_target_dead_letters", labels: labels, help: "Events in the dead-letter queue.")
                    .set(Double(count))
            }
        }
    }
}
