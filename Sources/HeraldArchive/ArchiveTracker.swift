import HeraldCatalog
import HeraldStorage

/// The archiver's in-memory state for one enabled archive: its filter, its consumer and its running totals.
struct ArchiveTracker: Sendable {
    /// The archive as last seen in the catalog.
    var archive: Archive
    /// The compiled filter of `archive`.
    var filter: ArchiveFilter
    /// The archive's log consumer (`archive/<name>`), whose cursor holds compaction at the counting position.
    let consumer: ConsumerID
    /// The totals counted so far (ahead of `persisted` until the next flush).
    var statistics: ArchiveStatistics
    /// The totals last written to the key-value table.
    var persisted: ArchiveStatistics
    /// The count and size last reported to the catalog.
    var reported: (count: UInt64, size: UInt64)

    /// The consumer name of an archive.
    static func consumerName(_ archive: String) -> String { "archive/" + archive }

    /// Whether `other` differs from `archive` in a way that changes what is archived.
    func needsRecompile(for other: Archive) -> Bool {
        archive.eventSourceArn != other.eventSourceArn || archive.eventPattern != other.eventPattern
            || archive.retentionDays != other.retentionDays
    }

    /// Counts `event` if the archive wants it and has not counted its sequence yet.
    mutating func consider(_ event: DecodedLogEvent) {
        guard event.sequence >= statistics.nextSequence, filter.matches(event) else { return }
        statistics.eventCount += 1
        statistics.sizeBytes += UInt64(event.stored.envelopeJSON.count)
    }

    /// Subtracts `event`, which left the retention window, if the archive counted it.
    mutating func expire(_ event: DecodedLogEvent) {
        guard event.sequence < statistics.nextSequence, filter.matches(event) else { return }
        statistics.eventCount -= min(statistics.eventCount, 1)
        statistics.sizeBytes -= min(statistics.sizeBytes, UInt64(event.stored.envelopeJSON.count))
    }
}
