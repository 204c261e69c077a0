public import HeraldEngine
import HeraldEvents
public import HeraldStorage

/// The admin operations, independent of HTTP: status, dead-letter listing, inspection, redrive and purge.
///
/// Reads are short read transactions on the calling thread; redrive and purge go through the store's single writer
/// in batches of ``AdminContext/batchSize`` entries per transaction, so one large operation never holds the writer
/// for long.
public struct AdminService: Sendable {
    /// The store, live status source, start time and token.
    public let context: AdminContext

    /// The most dead-letter entries one listing request examines (so a filter that matches nothing stays bounded).
    public static let maxScannedPerListing = 100_000

    /// Creates a service over `context`.
    public init(context: AdminContext) {
        self.context = context
    }

    /// The current time, milliseconds since the epoch, from the store's clock.
    var now: UInt64 { context.store.clock.millisecondsSinceEpoch() }

    /// The process, log, disk and per-target report.
    /// - Throws: ``AdminError/storage(_:)`` when a read fails.
    public func status() throws(AdminError) -> AdminStatusReport {
        let store = context.store
        let now = now
        do {
            let usage = try store.usage()
            let log = LogReport(
                firstSequence: try store.log.firstSequence(), lastSequence: store.log.lastSequence,
                storedEvents: usage.logEntries)
            let disk = DiskReport(
                usedBytes: usage.usedBytes, mapSizeBytes: usage.mapSize, dataFileBytes: usage.dataFileSize,
                fillRatio: usage.mapFillRatio)
            var live: [String: LiveTargetStatus] = [:]
            for entry in context.statuses() { live[entry.key.consumerName] = entry }
            var reports: [TargetReport] = []
            var seen = Set<String>()
            for info in try store.consumers.all() {
                guard let key = TargetKey(consumerName: info.name) else { continue }
                seen.insert(info.name)
                reports.append(try report(key: key, info: info, live: live[info.name], now: now))
            }
            for (name, entry) in live where !seen.contains(name) {
                reports.append(try report(key: entry.key, info: nil, live: entry, now: now))
            }
            reports.sort { $0.target < $1.target }
            let uptime = Double(now >= context.startedAt ? now - context.startedAt : 0) / 1000
            return AdminStatusReport(
                uptimeSeconds: uptime, now: Self.iso(now), log: log, disk: disk, targets: reports)
        } catch {
            throw .storage(error)
        }
    }

    /// One target's report from its stored state and (if it has a worker) its live figures.
    private func report(key: TargetKey, info: ConsumerInfo?, live: LiveTargetStatus?, now: UInt64) throws(StorageError)
        -> TargetReport
    {
        let store = context.store
        var report = TargetReport(target: key.description, state: live.map { $0.status.state.rawValue } ?? "not-running")
        report.problem = live?.problem
        if live == nil, report.problem == nil {
            report.problem = "no delivery worker (target removed from the catalog, or the engine is not running)"
        }
        if let status = live?.status {
            report.inFlight = status.inFlight
            report.sent = status.sent
            report.succeeded = status.succeeded
            report.retried = status.retried
            report.deadLettered = status.deadLettered
            if let lastError = status.lastError {
                report.lastErrorAt = Self.iso(lastError.time)
                report.lastError = lastError.message
            }
        }
        guard let info else { return report }
        report.cursor = info.cursor
        let last = store.log.lastSequence
        if info.cursor <= last {
            report.lagEvents = last - info.cursor + 1
            if let record = try store.log.read(from: info.cursor, limit: 1).first {
                report.oldestPendingAt = Self.iso(record.ingestTime)
                report.oldestPendingAgeSeconds = Double(now >= record.ingestTime ? now - record.ingestTime : 0) / 1000
            }
        }
        let retries = try store.consumers.retryStats(info.id)
        report.retryQueueSize = retries.count
        report.retryNextDueAt = retries.nextDueTime.map(Self.iso)
        report.retryHeld = retries.held > 0 ? retries.held : nil
        report.dlqSize = try store.consumers.deadLetterCount(info.id)
        return report
    }

    /// Finds a target by `BUS/RULE/ID` or its consumer name `target/BUS/RULE/ID`.
    /// - Throws: ``AdminError/badRequest(_:)`` for a malformed name, ``AdminError/notFound(_:)`` when no such target
    ///   has stored state.
    public func resolveTarget(_ text: String) throws(AdminError) -> (key: TargetKey, info: ConsumerInfo) {
        let name = text.hasPrefix("target/") ? text : "target/" + text
        guard let key = TargetKey(consumerName: name), !key.bus.isEmpty, !key.rule.isEmpty, !key.targetID.isEmpty else {
            throw .badRequest("target must be BUS/RULE/TARGET_ID (e.g. default/orders/slack), got '\(text)'")
        }
        let info: ConsumerInfo?
        do {
            info = try context.store.consumers.info(named: key.consumerName)
        } catch {
            throw .storage(error)
        }
        guard let info else { throw .notFound("no target '\(key.description)'") }
        return (key, info)
    }

    /// Every target with stored consumer state, sorted.
    func allTargets() throws(AdminError) -> [(key: TargetKey, info: ConsumerInfo)] {
        do {
            return try context.store.consumers.all()
                .compactMap { info in TargetKey(consumerName: info.name).map { (key: $0, info: info) } }
                .sorted { $0.key < $1.key }
        } catch {
            throw .storage(error)
        }
    }

    /// Formats milliseconds since the epoch as ISO 8601 with milliseconds.
    static func iso(_ milliseconds: UInt64) -> String {
        UTCTime(nanosecondsSince1970: Int64(clamping: milliseconds) &* 1_000_000).iso8601MillisecondsString
    }
}
