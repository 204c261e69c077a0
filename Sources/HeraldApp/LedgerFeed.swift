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
    /// Events behind the log's end (or tens of journal entries held) past which the feed leaves the idle scheduling
    /// class, and under which it returns.
    static let catchUpLag: UInt64 = 100_000
    static let idleLag: UInt64 = 10_000
    /// How old (since its ingest) the oldest event the feed has yet to take may be before the feed leaves the idle class
    /// whatever the backlog: on a box kept busy by other work the idle class gets nothing, and a backlog under
    /// ``catchUpLag`` (such as an ingest burst's, see ``LedgerDeferral``) would otherwise wait for ever.
    static let maximumStaleness: UInt64 = 2_000  // milliseconds
    /// Journal entries deleted per write transaction when the feed releases them.
    static let trimChunk = 1_000
    /// How long the SQLite writes wait after each slice of pages they hand to the disk while the feed is caught up
    /// (idle class): the log's commits, each waiting for the device, then pass between them (see
    /// ``HeraldLedger/FileWriteBack``). Far behind, the feed writes at full speed.
    static let idleWriteBackPause: Duration = .milliseconds(1)
    /// The pause after a step that caught up, and after an idle wake-up, so that the next slice is a batch.
    static let settleInterval: Duration = .milliseconds(100)
    /// SQLite cursor names.
    static let logCursor = "log"
    static let journalCursor = "journal"

    let store: HeraldStore
    let ledger: LedgerStore
    let settings: LedgerSettings
    let logger: Logger
    /// The quoted keys the correlation paths end in (see ``LedgerEventFields/mayNeedTree(source:envelopeJSON:settings:keys:)``).
    let correlationKeys: [[UInt8]?]
    /// Decoding and SQLite writes (each ends in an fsync) run on these threads, at a lower priority (the idle class
    /// while caught up), never on a Swift concurrency thread: on a small box a blocked or busy cooperative thread
    /// stalls ingest and delivery.
    private let worker = LedgerThreads()

    init(store: HeraldStore, ledger: LedgerStore, settings: LedgerSettings, logger: Logger) {
        self.store = store
        self.ledger = ledger
        self.settings = settings
        self.logger = logger
        correlationKeys = LedgerEventFields.correlationKeys(settings)
    }

    /// The next log sequence the ledger takes: its stored cursor, or — before it has one — the oldest event still in
    /// the log (or the next to come, when the log is empty).
    static func nextLogSequence(cursor: UInt64?, store: HeraldStore) -> UInt64 {
        cursor ?? ((try? store.log.firstSequence()) ?? nil) ?? (store.log.lastSequence + 1)
    }

    func run() async throws {
        let start = Self.nextLogSequence(cursor: try ledger.cursor(named: Self.logCursor), store: store)
        let consumer = try await store.consumers.register(Self.consumerName, initialCursor: start)
        // Stops on graceful shutdown (after the engine, which stops first): what is left is taken after the restart.
        defer { worker.stop() }
        await cancelWhenGracefulShutdown {
            var retentionDue = ContinuousClock.now
            var release = Release()
            var pressure = MapPressure()
            var deferral = settings.makeDeferral()
            while !Task.isCancelled, !store.log.isClosed {
                let progress: Progress
                let pressed = pressure.check(store)
                // An ingest or delivery burst has the box first: the feed waits (a few seconds at most) while it lasts.
                if shouldWait(&deferral, pressed: pressed, now: .now) {
                    try? await Task.sleep(for: LedgerDeferral.checkInterval)
                    continue
                }
                do {
                    progress = try await step(consumer: consumer.id, defaultLogStart: start, release: &release, pressed: pressed)
                } catch is CancellationError {
                    break  // graceful shutdown: a step still running on the ledger's thread is abandoned, not awaited
                } catch {
                    logger.error("ledger feed step failed; retrying in 1 s", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                if ContinuousClock.now >= retentionDue {
                    retentionDue = ContinuousClock.now.advanced(by: .seconds(3600))
                    let feed = self
                    _ = try? await worker.run { feed.applyRetention() }
                }
                if progress != .full { deferral.caughtUp() }
                switch progress {
                case .full:
                    continue  // behind: take the next slice at once
                case .partial:
                    // Caught up with what was there: let the next slice gather instead of writing a few rows per
                    // SQLite transaction (at 20,000 events/s that halved the feed's CPU per event and the socket's
                    // ack p99).
                    try? await Task.sleep(for: Self.settleInterval)
                case .none:
                    // Idle: release what is still held once its time has come.
                    try? await releaseIfDue(consumer: consumer.id, release: &release, pressed: pressed)
                    await idle(afterLog: (try? ledger.cursor(named: Self.logCursor)) ?? nil)
                }
            }
        }
    }

    /// When the feed lets go of what it has taken: it advances its log consumer (letting the compactor delete those
    /// events) and deletes the journal entries only in bulk — once 20,000 entries are pending or 2 s have passed —
    /// after making the SQLite rows durable (``HeraldLedger/LedgerStore/makeDurable()``). Until then the sources stay
    /// re-readable, so even an operating-system crash that loses the last SQLite commits loses no ledger row; and a
    /// trim, which rewrites many LMDB pages, shares fewer group commits with producers' events.
    struct Release {
        var logThrough: UInt64?
        var journalThrough: UInt64?
        var pending = 0
        var last = ContinuousClock.now

        /// Notes a step's progress.
        mutating func taken(log: UInt64?, journal: UInt64?, count: Int) {
            if let log { logThrough = log }
            if let journal { journalThrough = journal }
            pending += count
        }

        /// What to release now, if a release is due (at once when `pressed`: the map is filling up).
        func due(pressed: Bool) -> (log: UInt64?, journal: UInt64?)? {
            guard logThrough != nil || journalThrough != nil,
                pressed || pending >= 20_000 || ContinuousClock.now - last >= .seconds(2)
            else { return nil }
            return (logThrough, journalThrough)
        }

        /// Forgets what was released. Only after the release succeeded: a failed one (a full map refusing the
        /// consumer move, say) is tried again with the next step instead of being dropped.
        mutating func released() {
            logThrough = nil
            journalThrough = nil
            pending = 0
            last = ContinuousClock.now
        }
    }

    /// Whether the LMDB map is more than half full (checked at most every 500 ms). Then the feed must not wait for
    /// idle CPU: until it takes and releases what it holds, compaction cannot delete those events, and a full map
    /// refuses appends. (On a box kept busy, the idle class alone had held a full map full for half a minute.)
    struct MapPressure {
        var pressed = false
        var checked: ContinuousClock.Instant?

        mutating func check(_ store: HeraldStore) -> Bool {
            let now = ContinuousClock.now
            if let checked, now - checked < .milliseconds(500) { return pressed }
            checked = now
            pressed = (try? store.usage()).map { $0.usedBytes * 2 > $0.mapSize } ?? false
            return pressed
        }
    }

    /// What one step took.
    enum Progress {
        /// Nothing was there.
        case none
        /// Everything that was there, less than a full slice of either source.
        case partial
        /// A full slice of the log or the journal: more may be waiting.
        case full
    }

    /// The write-back pause for the feed's current class.
    var writeBackPause: Duration { worker.isIdle ? Self.idleWriteBackPause : .zero }

    /// Whether the feed waits now for a burst to pass (``LedgerDeferral``), judged by the journal's and the log's
    /// write positions.
    func shouldWait(_ deferral: inout LedgerDeferral, pressed: Bool, now: ContinuousClock.Instant) -> Bool {
        guard let journalNext = try? store.journal.nextSequence() else { return false }
        return deferral.shouldWait(
            journalNext: journalNext, logLast: store.log.lastSequence,
            farBehind: pressed || isFarBehind(than: LedgerDeferral.maximumBacklog), now: now)
    }

    /// Whether the feed is more than `lag` events behind (``backlog(takenThrough:)``), judged by its cursor.
    func isFarBehind(than lag: UInt64) -> Bool {
        let cursor = (try? ledger.cursor(named: Self.logCursor)) ?? nil
        return backlog(takenThrough: (cursor ?? store.log.lastSequence &+ 1) &- 1) > lag
    }

    /// How far behind the feed is, in events: those in the log past `taken` (the last sequence it has taken), or the
    /// journal entries it holds in events' worth (ten targets write ten per event), whichever is more.
    private func backlog(takenThrough taken: UInt64) -> UInt64 {
        let lag = store.log.lastSequence &- taken
        let held = UInt64((try? store.journal.count()) ?? 0) / 10
        return max(lag, held)
    }

    /// One bounded step. Releases the sources when `release` says so.
    func step(consumer: ConsumerID, defaultLogStart: UInt64, release: inout Release, pressed: Bool = false) async throws -> Progress {
        let logFrom = try ledger.cursor(named: Self.logCursor) ?? defaultLogStart
        let journalFrom = try ledger.cursor(named: Self.journalCursor) ?? 1
        // Only durable events: the log wakes readers a moment before a commit's meta page is synced.
        let durable = store.log.durableSequence
        let records = logFrom > durable ? [] : try store.log.read(from: logFrom, limit: settings.batchSize, maxBytes: 8 << 20).filter { $0.sequence <= durable }
        let entries = try store.journal.read(from: journalFrom, limit: settings.batchSize)
        // Caught up, the feed yields the CPU to everyone (idle class): on a small box its SQLite work would otherwise
        // land in the middle of ingest and delivery and show in their latency. Far behind, it competes again (niced),
        // so a busy box cannot starve it while the log and journal it holds back keep growing; and so it does when
        // the oldest event it has yet to take is more than ``maximumStaleness`` old, whatever the backlog.
        // Both sources count (``backlog(takenThrough:)``).
        let behind = backlog(takenThrough: records.last?.sequence ?? store.log.lastSequence)
        let now = store.clock.millisecondsSinceEpoch()
        let stale = records.first.map { now > $0.ingestTime && now - $0.ingestTime > Self.maximumStaleness } ?? false
        if pressed || behind > Self.catchUpLag || stale {
            worker.setIdle(false)
        } else if behind < Self.idleLag {
            worker.setIdle(true)
        }
        guard !records.isEmpty || !entries.isEmpty else { return .none }
        let feed = self
        try await worker.run {
            var batch = LedgerBatch()
            for record in records { feed.add(record, to: &batch) }
            for entry in entries {
                guard let outcome = DeliveryOutcomeRecord(decoding: entry.record) else {
                    feed.logger.warning("skipping an unreadable journal record", metadata: ["journal": "\(entry.sequence)"])
                    continue
                }
                batch.attempts.append(Self.attempt(outcome, journalSequence: entry.sequence))
            }
            if let last = records.last { batch.cursors[Self.logCursor] = last.sequence + 1 }
            if let last = entries.last { batch.cursors[Self.journalCursor] = last.sequence + 1 }
            try feed.ledger.apply(batch, writeBackPause: feed.writeBackPause)
        }
        try await releaseIfDue(
            consumer: consumer, release: &release, log: records.last.map { $0.sequence + 1 }, journal: entries.last?.sequence,
            count: records.count + entries.count, pressed: pressed)
        return records.count >= settings.batchSize || entries.count >= settings.batchSize ? .full : .partial
    }

    /// Makes the SQLite rows durable, then advances the log consumer and trims the journal, when `release` says a
    /// release is due (see ``Release``).
    func releaseIfDue(
        consumer: ConsumerID, release: inout Release, log: UInt64? = nil, journal: UInt64? = nil, count: Int = 0, pressed: Bool = false
    ) async throws {
        release.taken(log: log, journal: journal, count: count)
        guard let due = release.due(pressed: pressed) else { return }
        let ledger = self.ledger, pause = writeBackPause
        try await worker.run { try ledger.makeDurable(writeBackPause: pause) }
        if let log = due.log { try await store.consumers.apply([.advanceCursor(to: log)], for: consumer, deferrable: true) }
        if let journal = due.journal {
            // In small transactions with a pause between them: the log has one writer, and one transaction deleting
            // 20,000 entries would hold every producer's ack and every delivery commit behind it for milliseconds.
            while try await store.journal.trim(through: journal, limit: Self.trimChunk) == Self.trimChunk {
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        release.released()
    }

    func add(_ record: LogRecord, to batch: inout LedgerBatch) {
        guard let stored = try? StoredEvent(decoding: record.payload),
            let fields = LedgerEventFields(envelopeJSON: stored.envelopeJSON, maxDetailBytes: settings.maxDetailBytes)
        else { return }
        var correlation: String?
        if LedgerEventFields.mayNeedTree(source: fields.source, envelopeJSON: stored.envelopeJSON, settings: settings, keys: correlationKeys) {
            guard let json = try? JSONValue(parsing: stored.envelopeJSON), let envelope = try? EventEnvelope(json: json) else { return }
            correlation = settings.correlationID(in: json)
            if envelope.source == settings.receiptSource, let receipt = Self.receipt(envelope, sequence: record.sequence) {
                batch.receipts.append(receipt)
            }
        }
        batch.events.append(
            LedgerEvent(
                eventID: fields.id, logSequence: record.sequence, bus: stored.busName,
                timeMilliseconds: Int64(clamping: record.ingestTime), source: fields.source,
                detailType: fields.detailType, correlationID: correlation, detail: fields.detail))
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
        try? await Task.sleep(for: Self.settleInterval)
    }
}
