public import HeraldEvents
public import Logging
public import ServiceLifecycle

/// Emits one `ReceiptOverdue` event per dispatched message that got no settling receipt within its channel's timeout
/// (see ``ReceiptOverdueConfiguration``). Runs a check every `interval` until graceful shutdown or cancellation, and
/// every `pruneInterval` deletes receipt state older than `retention` (``DispatchRecordStore/prune(olderThan:pageSize:)``).
///
/// Exactly once per message: an emitted event is marked on the durable dispatch record and the message leaves the
/// sent-time index in the same transaction, so a restart never emits it again. (If the process dies between the
/// ingest and the mark, the next check emits it again with the same derived event id.)
public final class ReceiptOverdueService: Service {
    /// The shared receipt tracker.
    public let tracker: ReceiptTracker
    /// Timeouts and cadence.
    public let configuration: ReceiptOverdueConfiguration
    private let clock: any Clock<Duration>
    private let now: @Sendable () -> UTCTime
    private let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - tracker: The tracker shared with the receipt routes.
    ///   - configuration: Timeouts, interval, page size.
    ///   - clock: Clock used to sleep between checks.
    ///   - now: Wall-clock time for deadlines (injected; tests use a manual time).
    ///   - logger: Where the service logs.
    public init(
        tracker: ReceiptTracker, configuration: ReceiptOverdueConfiguration = ReceiptOverdueConfiguration(),
        clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> UTCTime = { UTCTime.now },
        logger: Logger = Logger(label: "herald.receipts.overdue")
    ) {
        self.tracker = tracker
        self.configuration = configuration
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    /// Checks every `interval` until graceful shutdown or cancellation, then returns normally; a failed check is
    /// logged and retried on the next tick.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.loop() }
    }

    private func loop() async {
        var lastPrune: UTCTime?
        while !Task.isCancelled {
            let current = now()
            if let retention = configuration.retention,
                lastPrune.map({ current - $0 >= configuration.pruneInterval }) ?? true
            {
                lastPrune = current
                do {
                    let deleted = try tracker.store.prune(olderThan: current - retention)
                    if deleted > 0 { logger.info("receipt state pruned", metadata: ["keys": "\(deleted)"]) }
                } catch {
                    logger.error("receipt state pruning failed", metadata: ["error": "\(error)"])
                }
            }
            do {
                let emitted = try await checkOnce()
                if emitted > 0 { logger.info("receipt overdue events emitted", metadata: ["count": "\(emitted)"]) }
            } catch {
                logger.error("receipt overdue check failed", metadata: ["error": "\(error)"])
            }
            do {
                try await clock.sleep(for: configuration.interval)
            } catch {
                return  // cancelled: graceful shutdown or task cancellation
            }
        }
    }

    /// Runs one check now.
    /// - Returns: The number of overdue events emitted.
    /// - Throws: `ReceiptProcessingError` from the store or the ingestor (events emitted before the failure stay).
    @discardableResult
    public func checkOnce() async throws(ReceiptProcessingError) -> Int {
        let current = now()
        let cutoff = current - configuration.shortestTimeout
        var after: String?
        var emitted = 0
        repeat {
            let page: DispatchPage
            do {
                page = try tracker.store.unsettled(sentAtOrBefore: cutoff, after: after, limit: configuration.pageSize)
            } catch {
                throw .store(error)
            }
            for record in page.records {
                let deadline = record.sentAt + configuration.timeout(for: record.channel)
                guard deadline <= current else { continue }
                if try await tracker.emitOverdue(record, deadline: deadline, now: current) { emitted += 1 }
            }
            after = page.nextAfter
        } while after != nil && !Task.isCancelled
        return emitted
    }
}
