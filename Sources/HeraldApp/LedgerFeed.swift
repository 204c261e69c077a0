import Dispatch
import HeraldEngine
import HeraldEvents
import HeraldJSON
import HeraldLedger
import HeraldStorage
import Logging
import ServiceLifecycle

/// Feeds the SQLite delivery ledger from two durable sources, off the delivery path: the event log (every event;
/// receipt events also become receipt rows) and the storage journal of delivery outcomes (one row per attempt).
///
/// Each step reads a bounded slice of both, then writes the rows **and both positions** in one SQLite transaction
/// (``HeraldLedger/LedgerStore/apply(_:)``), so after a kill the feed resumes exactly where SQLite says: no gaps, no
/// duplicate rows. Only then does it move its storage consumer (which holds log compaction back) and trim the
/// journal. If SQLite is slow or failing, delivery is unaffected: the log and journal simply wait for it.
struct LedgerFeed: Service {
    /// The storage consumer that keeps compaction from deleting events the ledger has not read.
    static let consumerName = "ledger/feed"
    /// SQLite cursor names.
    static let logCursor = "log"
    static let journalCursor = "journal"

    let store: HeraldStore
    let ledger: LedgerStore
    let settings: LedgerSettings
    let logger: Logger
    /// SQLite writes (each ends in an fsync) run here, never on a Swift concurrency thread: on a small box a blocked
    /// cooperative thread would stall delivery.
    private let writeQueue = DispatchQueue(label: "herald.ledger.feed")

    func run() async throws {
        let first = (try? store.log.firstSequence()) ?? nil
        let start = try ledger.cursor(named: Self.logCursor) ?? first ?? (store.log.lastSequence + 1)
        let consumer = try await store.consumers.register(Self.consumerName, initialCursor: start)
        // Stops on graceful shutdown (after the engine, which stops first): what is left is taken after the restart.
        await cancelWhenGracefulShutdown {
            var retentionDue = ContinuousClock.now
            while !Task.isCancelled, !store.log.isClosed {
                let progressed: Bool
                do {
                    progressed = try await step(consumer: consumer.id, defaultLogStart: start)
                } catch {
                    logger.error("ledger feed step failed; retrying in 1 s", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                if ContinuousClock.now >= retentionDue {
                    retentionDue = ContinuousClock.now.advanced(by: .seconds(3600))
                    applyRetention()
                }
                if !progressed { await idle(afterLog: (try? ledger.cursor(named: Self.logCursor)) ?? nil) }
            }
        }
    }

    /// One bounded step; `false` when there was nothing to take.
    func step(consumer: ConsumerID, defaultLogStart: UInt64) async throws -> Bool {
        let logFrom = try ledger.cursor(named: Self.logCursor) ?? defaultLogStart
        let journalFrom = try ledger.cursor(named: Self.journalCursor) ?? 1
        let records = try store.log.read(from: logFrom, limit: settings.batchSize, maxBytes: 8 << 20)
        let entries = try store.journal.read(from: journalFrom, limit: settings.batchSize)
        guard !records.isEmpty || !entries.isEmpty else { return false }
        var batch = LedgerBatch()
        for record in records { add(record, to: &batch) }
        for entry in entries {
            guard let outcome = DeliveryOutcomeRecord(decoding: entry.record) else {
                logger.warning("skipping an unreadable journal record", metadata: ["journal": "\(entry.sequence)"])
                continue
            }
            batch.attempts.append(Self.attempt(outcome, journalSequence: entry.sequence))
        }
        if let last = records.last { batch.cursors[Self.logCursor] = last.sequence + 1 }
        if let last = entries.last { batch.cursors[Self.journalCursor] = last.sequence + 1 }
        try await apply(batch)
        // Submitted together, the cursor advance and the journal trim share one group commit.
        async let advanced: Void = { if let last = records.last { try await store.consumers.apply([.advanceCursor(to: last.sequence + 1)], for: consumer) } }()
        async let trimmed: Void = { if let last = entries.last { _ = try await store.journal.trim(through: last.sequence) } }()
        try await advanced
        try await trimmed
        return true
    }

    /// Writes a batch to SQLite on the feed's own queue.
    private func apply(_ batch: LedgerBatch) async throws {
        let ledger = self.ledger
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            writeQueue.async {
                do {
                    try ledger.apply(batch)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private func add(_ record: LogRecord, to batch: inout LedgerBatch) {
        guard let stored = try? StoredEvent(decoding: record.payload), let json = try? JSONValue(parsing: stored.envelopeJSON),
            let envelope = try? EventEnvelope(json: json)
        else { return }
        let detail = JSONValue.object(envelope.detail)
        let correlation = settings.correlationID(in: json)
        let detailText = String(decoding: detail.jsonBytes.prefix(settings.maxDetailBytes), as: UTF8.self)
        batch.events.append(
            LedgerEvent(
                eventID: envelope.id, logSequence: record.sequence, bus: stored.busName,
                timeMilliseconds: Int64(clamping: record.ingestTime), source: envelope.source,
                detailType: envelope.detailType, correlationID: correlation, detail: detailText))
        guard envelope.source == settings.receiptSource, let receipt = Self.receipt(envelope, sequence: record.sequence) else { return }
        batch.receipts.append(receipt)
    }

    /// A receipt row from a re-ingested receipt event (`detail` as ``HeraldChannels/DeliveryStatusEvent`` builds it).
    static func receipt(_ envelope: EventEnvelope, sequence: UInt64) -> LedgerReceipt? {
        let detail = envelope.detail
        guard let messageID = detail["provider_message_id"]?.stringValue, let status = detail["status"]?.stringValue else { return nil }
        let occurred = detail["occurred_at"]?.stringValue.flatMap { UTCTime(iso8601: $0) } ?? envelope.time
        return LedgerReceipt(
            receiptEventID: envelope.id, logSequence: sequence, provider: detail["provider"]?.stringValue ?? "unknown",
            providerMessageID: messageID, status: status, errorCode: detail["error_code"]?.stringValue,
            recipient: detail["recipient"]?.stringValue, occurredAtMilliseconds: occurred.nanosecondsSince1970 / 1_000_000,
            originEventID: detail["origin_event_id"]?.stringValue, rule: detail["rule"]?.stringValue,
            target: detail["target"]?.stringValue, channel: detail["channel"]?.stringValue,
            correlationID: detail["correlation_id"]?.stringValue)
    }

    static func attempt(_ record: DeliveryOutcomeRecord, journalSequence: UInt64) -> LedgerAttempt {
        let outcome: LedgerOutcome = switch record.outcome {
        case .delivered: .delivered
        case .failedRetrying: .failedRetrying
        case .deadLettered: .deadLettered
        }
        return LedgerAttempt(
            journalSequence: journalSequence, eventID: record.eventID, rule: record.rule, target: record.target,
            channel: record.annotation?.channel, attempt: record.attempt, timeMilliseconds: Int64(clamping: record.time),
            latencyMicroseconds: Int64(record.latencyMicroseconds), outcome: outcome, httpStatus: record.statusCode,
            error: record.error, provider: record.annotation?.provider, providerMessageID: record.annotation?.providerMessageID,
            recipient: record.annotation?.recipient, correlationID: record.annotation?.correlationID)
    }

    private func applyRetention() {
        guard let days = settings.retentionDays else { return }
        let cutoff = Int64(store.clock.millisecondsSinceEpoch()) - Int64(days) * 86_400_000
        do {
            let deleted = try ledger.deleteOlderThan(ms: cutoff)
            if deleted > 0 { logger.info("ledger retention", metadata: ["deleted": "\(deleted)", "days": "\(days)"]) }
        } catch {
            logger.error("ledger retention failed", metadata: ["error": "\(error)"])
        }
    }

    /// Waits for a log append after `sequence` or a short poll interval (the journal has no notifier).
    private func idle(afterLog next: UInt64?) async {
        let log = store.log
        let after = (next ?? log.lastSequence + 1) &- 1
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await log.waitForAppend(after: after) }
            group.addTask { try? await Task.sleep(for: settings.pollInterval) }
            await group.next()
            group.cancelAll()
        }
        // Let a burst settle into one bigger batch (fewer SQLite and LMDB commits competing with ingest and delivery).
        try? await Task.sleep(for: .milliseconds(100))
    }
}
