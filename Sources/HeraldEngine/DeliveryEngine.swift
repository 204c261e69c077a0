public import HeraldCatalog
public import HeraldDelivery
public import HeraldEvents
public import HeraldStorage
public import Logging
import ServiceLifecycle
import Synchronization

/// Delivers every logged event that matches a rule to each of the rule's targets, at least once.
///
/// One ``TargetWorker`` per target, each with its own durable cursor (a storage consumer named
/// ``TargetKey/consumerName``), so one slow or dead target never delays another. The engine follows the catalog:
/// a new target starts at the end of the log (as a new EventBridge rule sees only new events), a changed target
/// gets its new plan on its next batch, and a removed target's worker stops and its cursor, retries and dead letters
/// are deleted. One ``RetryDispatcher`` feeds due retries to the workers.
///
/// Graceful shutdown: the engine stops following the catalog, each worker finishes the batch in hand (within the
/// request timeout plus a second) and records its outcome; unrecorded sends are repeated after restart.
public final class DeliveryEngine: Service {
    let store: HeraldStore
    private let catalog: HeraldCatalog.Catalog
    private let resources: EngineResources
    private let configuration: EngineConfiguration
    private let logger: Logger
    private let now: @Sendable () -> UTCTime
    let registry = WorkerRegistry()
    private let tracker = RetryTracker()
    private let decodedEvents = DecodedEventCache()
    private let planErrors = Mutex<[TargetKey: String]>([:])
    private let commitPositions: PositionStampingCatalogStore?
    private let metrics: DeliveryMetrics?
    private let observer: (any DeliveryObserver)?

    /// - Parameters:
    ///   - store: the open storage (log and consumer state).
    ///   - catalog: rules, targets, destinations and connections; followed through its updates.
    ///   - transport: sends HTTP requests (AsyncHTTPClient in production).
    ///   - configuration: window, timeouts, backoff.
    ///   - logger: delivery problems are logged here.
    ///   - commitPositions: the catalog's store, if it records log positions per commit; new targets then start
    ///     where their change was committed, otherwise where the engine first sees them.
    ///   - metrics: per-target delivery metrics (label: the target, `BUS/RULE/ID`), if wanted.
    ///   - observer: told about each successful delivery (dispatch records for the closed loop).
    ///   - now: the wall clock (injected for tests).
    public init(
        store: HeraldStore, catalog: HeraldCatalog.Catalog, transport: any DeliveryTransport, configuration: EngineConfiguration = .init(),
        logger: Logger, commitPositions: PositionStampingCatalogStore? = nil, metrics: DeliveryMetrics? = nil,
        observer: (any DeliveryObserver)? = nil, now: @escaping @Sendable () -> UTCTime = { UTCTime.now }
    ) {
        self.observer = observer
        self.metrics = metrics
        self.commitPositions = commitPositions
        self.store = store
        self.catalog = catalog
        self.resources = EngineResources(transport: transport)
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        let registry = registry
        let dispatcher = RetryDispatcher(
            store: store, tracker: tracker, workers: { registry.worker(for: $0) }, scanLimit: configuration.retryScanLimit,
            idleInterval: configuration.retryIdleInterval, now: now, logger: logger)
        let updates = await catalog.updates()
        let grace = configuration.requestTimeout + .seconds(1)
        let scheduler = RuleScheduler(
            store: store, account: catalog.configuration.accountID, region: catalog.configuration.region, logger: logger, now: now)
        await withDiscardingTaskGroup { group in
            group.addTask { await dispatcher.run() }
            group.addTask { await scheduler.run() }
            var applied: UInt64?
            for await snapshot in updates.cancelOnGracefulShutdown() {
                // New targets start after the log position of the first catalog version not yet applied.
                let start = commitPositions?.logPosition(atVersion: (applied ?? 0) + 1)
                for worker in await reconcile(snapshot, removeStale: applied == nil, startAfter: start) {
                    group.addTask { await worker.run(grace: grace) }
                }
                scheduler.update(snapshot)
                applied = snapshot.version
            }
            scheduler.stop()
            dispatcher.stop()
            for worker in registry.all() { worker.stop() }
        }
    }

    /// The live status of every running target, and the reason for each target that cannot run.
    public func statuses() -> [(key: TargetKey, consumer: ConsumerID?, status: TargetStatus, problem: String?)] {
        // A running target whose destination cannot be reached (API destination or connection gone, connection
        // deauthorized, an ARN Herald cannot deliver to) dead-letters every event: say why.
        var result = registry.all().map { worker in
            (key: worker.key, consumer: Optional(worker.consumer), status: worker.status,
             problem: worker.plan.endpoint.unavailable.map { "every event is dead-lettered: \($0)" })
        }
        for (key, problem) in planErrors.withLock({ $0 }) {
            result.append((key: key, consumer: nil, status: TargetStatus(), problem: problem))
        }
        return result.sorted { $0.key < $1.key }
    }

    /// Applies a snapshot: updates plans, stops removed targets, registers new ones. Returns the new workers.
    private func reconcile(_ snapshot: CatalogSnapshot, removeStale: Bool, startAfter: UInt64?) async -> [TargetWorker] {
        var desired: [TargetKey: TargetPlan] = [:]
        var errors: [TargetKey: String] = [:]
        for rule in snapshot.rules.values {
            // One compiled pattern per rule: its targets share it, and its memory of recent answers.
            let matcher = Result { () throws(TargetPlanError) in try RuleMatcher.make(pattern: rule.eventPattern) }
            for target in rule.targets {
                do {
                    let plan = try TargetPlan(
                        rule: rule, target: target, matcher: try matcher.get(), snapshot: snapshot, configuration: configuration,
                        resources: resources)
                    desired[plan.key] = plan
                } catch {
                    let key = TargetKey(bus: rule.eventBusName, rule: rule.name, targetID: target.id)
                    errors[key] = error.description
                    logger.error("target cannot run", metadata: ["target": "\(key)", "error": "\(error)"])
                }
            }
        }
        planErrors.withLock { $0 = errors }

        for worker in registry.all() where desired[worker.key] == nil && errors[worker.key] == nil {
            registry.remove(worker)
            worker.stop()
            await removeConsumer(worker.key.consumerName)
        }
        if removeStale {
            // Targets removed while Herald was not running.
            let known = Set(desired.keys.map(\.consumerName)).union(errors.keys.map(\.consumerName))
            for info in (try? store.consumers.all()) ?? [] where info.name.hasPrefix("target/") && !known.contains(info.name) {
                await removeConsumer(info.name)
            }
        }

        var started: [TargetWorker] = []
        for (key, plan) in desired.sorted(by: { $0.key < $1.key }) {
            if let worker = registry.worker(for: key) {
                worker.plan = plan
                continue
            }
            do {
                let info = try await store.consumers.register(key.consumerName, initialCursor: (startAfter ?? store.log.lastSequence) + 1)
                let worker = TargetWorker(
                    plan: plan, consumer: info.id, store: store, tracker: tracker,
                    logger: logger, metrics: metrics?.target(key.description), observer: observer, journalOutcomes: configuration.journalOutcomes,
                    decodedEvents: decodedEvents, now: now)
                if (try? store.catalog.get(Self.pausedKey(key))) != nil { worker.setPaused(true) }
                registry.add(worker)
                started.append(worker)
            } catch {
                planErrors.withLock { $0[key] = "cannot register its cursor: \(error)" }
                logger.error("cannot register a target's cursor", metadata: ["target": "\(key)", "error": "\(error)"])
            }
        }
        return started
    }

    private func removeConsumer(_ name: String) async {
        _ = try? store.catalog.delete(Self.pausedKey(consumerName: name))
        do {
            try await store.consumers.remove(name)
        } catch {
            logger.error("cannot remove a removed target's state", metadata: ["consumer": "\(name)", "error": "\(error)"])
        }
    }
}

/// The running workers, by target and by consumer id.
final class WorkerRegistry: Sendable {
    private let state = Mutex<(byKey: [TargetKey: TargetWorker], byConsumer: [ConsumerID: TargetWorker])>(([:], [:]))

    func add(_ worker: TargetWorker) {
        state.withLock {
            $0.byKey[worker.key] = worker
            $0.byConsumer[worker.consumer] = worker
        }
    }

    func remove(_ worker: TargetWorker) {
        state.withLock {
            $0.byKey[worker.key] = nil
            $0.byConsumer[worker.consumer] = nil
        }
    }

    func worker(for key: TargetKey) -> TargetWorker? { state.withLock { $0.byKey[key] } }
    func worker(for consumer: ConsumerID) -> TargetWorker? { state.withLock { $0.byConsumer[consumer] } }
    func all() -> [TargetWorker] { state.withLock { Array($0.byKey.values) } }
}
