import AsyncHTTPClient
import Foundation
import HeraldAdmin
import HeraldArchive
import HeraldCatalog
import HeraldConfig
import HeraldConsole
import HeraldDelivery
import HeraldEngine
import HeraldEvents
import HeraldIngest
import HeraldLedger
import HeraldReceipts
import HeraldServer
import HeraldStorage
import Hummingbird
import HummingbirdCore
import Logging
import Metrics
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle

/// Herald's composition root: opens storage and the catalog, then runs compaction, delivery, the socket and the
/// HTTP API as one service group until SIGTERM/SIGINT.
///
/// Start order is `[compaction, archives, delivery, replays, receipt overdue, socket, http]`; graceful shutdown runs
/// in reverse: the HTTP API stops accepting, the socket closes, replays stop appending, delivery finishes the
/// batches in hand, the archiver flushes its totals, compaction stops, then storage closes.
public struct HeraldApplication: Sendable {
    public let configuration: HeraldConfiguration
    /// The declarative configuration file, applied idempotently to the catalog at start.
    public let file: HeraldConfigFile?
    private let logger: Logger

    public init(configuration: HeraldConfiguration, file: HeraldConfigFile? = nil, logger: Logger) {
        self.configuration = configuration
        self.file = file
        self.logger = logger
    }

    /// Opens the store, waiting up to 3 s for a data directory whose lock is still held: a predecessor that was just
    /// killed (or a process forked from one, between fork and exec) may hold it for a moment. A directory held
    /// longer is in use, and that is an error.
    static func openStore(_ directory: String, _ configuration: StorageConfiguration, logger: Logger) async throws -> HeraldStore {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(3))
        while true {
            let result: Result<HeraldStore, StorageError>
            do {
                result = .success(try HeraldStore(directory: directory, configuration: configuration, logger: logger))
            } catch {
                result = .failure(error)
            }
            switch result {
            case .success(let store):
                return store
            case .failure(.alreadyOpen) where clock.now < deadline:
                logger.debug("data directory lock is held; waiting", metadata: ["path": "\(directory)"])
                try await Task.sleep(for: .milliseconds(50))
            case .failure(let error):
                throw error
            }
        }
    }

    /// Runs until a shutdown signal. `onReady` receives the ready line (with the bound HTTP port).
    public func run(onReady: @escaping @Sendable (String) -> Void = { print($0) }) async throws {
        guard configuration.adminToken != nil || configuration.isLoopback else {
            throw AppError.configuration(
                location: "HERALD_ADMIN_TOKEN", reason: "set an admin token to listen on \(configuration.httpHost): the admin API must not be open beyond loopback")
        }
        guard !configuration.credentials.isEmpty || configuration.isLoopback else {
            throw AppError.configuration(
                location: "--http", reason: "without credentials Herald only listens on loopback; configure credentials to listen on \(configuration.httpHost)")
        }
        var storageConfiguration = StorageConfiguration()
        storageConfiguration.environment.mapSize = configuration.mapSize
        storageConfiguration.preallocationBytes = configuration.preallocateBytes
        let store = try await Self.openStore(configuration.dataDirectory, storageConfiguration, logger: logger)
        defer { store.close() }
        // The ledger's directory is checked before the configuration is applied, so a wrong `ledger.Path` stops the
        // start with nothing changed (the file is opened further down).
        let ledgerFile = Self.ledgerPath(configuration, file: file)
        if Self.ledgerSettings(configuration, file: file, receiptSource: nil).enabled {
            let directory = (ledgerFile as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw AppError.configuration(
                    location: file?.ledger.path != nil ? "ledger.Path" : "--data-dir",
                    reason: "the ledger file \(ledgerFile) is in \(directory), which does not exist (create it, or point ledger.Path elsewhere)")
            }
        }
        let catalogStore = PositionStampingCatalogStore(base: StorageCatalogStore(table: store.catalog), log: store.log)
        let catalog = try HeraldCatalog.Catalog(
            configuration: CatalogConfiguration(
                region: configuration.region, accountID: configuration.accountID, maxTargetsPerRule: configuration.maxTargetsPerRule),
            store: catalogStore, patterns: StandardPatternEngine())
        catalogStore.arm()
        if let file {
            _ = try await file.apply(to: catalog, logger: logger)  // logs its own summary
        }

        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: AsyncHTTPClientTransport.recommendedClientConfiguration())
        let registry = PrometheusCollectorRegistry()
        let metricsFactory = PrometheusMetricsFactory(registry: registry)
        let ingestor = LogEventIngestor(log: store.log, metrics: IngestMetrics(factory: metricsFactory))
        let eventIDs = EventIDGenerator()
        let api = EventBridgeAPI(
            catalog: catalog, ingestor: ingestor,
            configuration: APIConfiguration(maxPutEventsSizeBytes: configuration.maximumEntryBytes, credentials: configuration.credentials),
            makeEventID: { eventIDs.next() }, logger: logger)

        let mode = configuration.credentials.isEmpty
            ? "DEVELOPER MODE: no credentials configured, any local caller is accepted"
            : "SigV4 required (\(configuration.credentials.count) credential(s))"
        let socketPath = configuration.socketPath
        let dataDirectory = configuration.dataDirectory
        let host = configuration.httpHost
        let gate = ReadinessGate(listeners: 2) { port in
            onReady("herald ready http=\(host):\(port) socket=\(socketPath) data-dir=\(dataDirectory) — \(mode)")
        }

        let router = EventBridgeRoutes.buildRouter(api: api)
        // The closed loop: provider receipts come back through verified webhooks and re-enter the bus as events.
        let webhooks = file?.webhooks ?? WebhookSettings()
        let receipts = ReceiptTracker(
            store: DispatchRecordStore(catalog: store.catalog), ingestor: ingestor,
            events: ReceiptEventSettings(
                source: webhooks.receiptSource ?? "com.notifications", eventBusName: webhooks.receiptEventBus ?? "default",
                account: configuration.accountID, region: configuration.region),
            logger: logger)
        ReceiptRoutes.register(on: router, tracker: receipts, configuration: try ReceiptSettings.configuration(webhooks))
        let overdue = ReceiptOverdueService(tracker: receipts, configuration: ReceiptSettings.overdue(webhooks), logger: logger)
        let ledgerSettings = Self.ledgerSettings(configuration, file: file, receiptSource: webhooks.receiptSource)
        let ledger = try ledgerSettings.enabled ? LedgerStore(path: ledgerFile) : nil
        let metricsEndpoint = MetricsEndpoint(registry: registry, store: store, ledger: ledger)
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metricsEndpoint.render())))
        }
        // Plain http:// targets go through the lean NIO transport; https:// (and anything it does not handle) through
        // AsyncHTTPClient. A host's connections are spread over every loop of the group: on one loop, ten targets
        // fanned out to one sink were bound by that loop's thread (a burst of 40,000 events x 10 targets: 31-34k
        // deliveries/s on one loop, 36-45k on two).
        let transport = PooledHTTP1Transport(
            configuration: .init(eventLoopsPerHost: System.coreCount),
            fallback: AsyncHTTPClientTransport(client: client), eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let engine = DeliveryEngine(
            store: store, catalog: catalog, transport: transport,
            configuration: EngineConfiguration(
                journalOutcomes: ledger != nil, publicBaseURL: webhooks.publicBaseURL,
                twilioCorrelationParameter: webhooks.twilio?.correlationParameter ?? "cid"),
            logger: logger,
            commitPositions: catalogStore, metrics: DeliveryMetrics(factory: metricsFactory),
            observer: DispatchRecorder(
                store: receipts.store, logger: logger, twilioCorrelationParameter: webhooks.twilio?.correlationParameter ?? "cid",
                resendCorrelationTags: ReceiptSettings.resendCorrelationTags(webhooks)))
        let adminContext = AdminContext(
            store: store, statuses: { engine.statuses() }, startedAt: store.clock.millisecondsSinceEpoch(),
            adminToken: configuration.adminToken)
        AdminRoutes.register(on: router, context: adminContext)
        try ConsoleRoutes.register(on: router, context: adminContext, incidents: ledger.map { LedgerIncidentSource(ledger: $0) })
        TargetControlRoutes.register(on: router, engine: engine, adminToken: configuration.adminToken)
        var ledgerServices: [any Service] = []
        if ledger == nil {
            // A ledger turned off must not hold log compaction back with its old cursor.
            _ = try? await store.consumers.remove(LedgerFeed.consumerName)
        }
        if let ledger {
            LedgerRoutes.register(
                on: router, ledger: ledger, adminToken: configuration.adminToken,
                now: { [clock = store.clock] in Int64(clock.millisecondsSinceEpoch()) })
            ledgerServices.append(LedgerFeed(store: store, ledger: ledger, settings: ledgerSettings, logger: logger))
        }
        let httpConnections = ChannelRegistry()
        let http = Application(
            router: router,
            server: Self.httpServer(maximumBodyBytes: api.configuration.maxBodyBytes, connections: httpConnections),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "Herald"),
            onServerRunning: { channel in gate.httpListening(port: channel.localAddress?.port ?? 0) },
            logger: logger)
        let socket = UnixSocketIngestService(
            configuration: IngestConfiguration(socketPath: configuration.socketPath, maximumLineLength: configuration.maximumEntryBytes + SocketIngestHandler.lineSlack),
            handler: SocketIngestHandler(
                catalog: catalog, ingestor: ingestor, maximumEntryBytes: configuration.maximumEntryBytes,
                makeEventID: { eventIDs.next() }),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger, onListening: { gate.socketListening() })
        let archives = ArchiveService(store: store, catalog: catalog, clock: ContinuousClock(), logger: logger)
        let replays = ReplayService(store: store, catalog: catalog, clock: ContinuousClock(), logger: logger)
        let compaction = CompactionService(
            compactor: store.compactor, clock: ContinuousClock(), retentionFloor: { archives.retentionFloor() }, logger: logger)

        let group = ServiceGroup(
            configuration: .init(
                services: [compaction, archives] + ledgerServices
                    + [engine, replays, overdue, socket, BoundedShutdownService(base: http, grace: Self.httpShutdownGrace, cutOff: { httpConnections.closeAll() })] as [any Service],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await transport.shutdown()
            try? await client.shutdown()
            await catalog.finishUpdates()
            throw error
        }
        await transport.shutdown()
        try await client.shutdown()
        await catalog.finishUpdates()
    }

    /// HTTP/1.1 with each connection's requests handled on the connection's own event loop
    /// (``EventLoopBoundChannel``), `Expect: 100-continue`, oversized bodies and HTTP/1.0 settled up front
    /// (``HTTPRequestGuard``), and connections closed after ``httpIdleTimeout`` without a request or a byte of one.
    static func httpServer(
        maximumBodyBytes: Int, idleTimeout: TimeAmount = httpIdleTimeout, connections: ChannelRegistry? = nil
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            EventLoopBoundChannel(
                inner: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idleTimeout)),
                guardingBodiesUpTo: maximumBodyBytes, connections: connections)
        }
    }

    /// How long the HTTP server may take to finish the requests in progress once SIGTERM/SIGINT arrives; then they are
    /// cut off (see ``BoundedShutdownService``).
    static let httpShutdownGrace = Duration.seconds(10)

    /// How long an HTTP connection may stay silent (idle between requests, or stalled inside one) before it is closed:
    /// without it, connections that never sent a whole request held descriptors and buffered bodies for good.
    static let httpIdleTimeout = TimeAmount.seconds(60)

    /// The ledger's SQLite file: `ledger.Path` from the file (relative to the data directory), else
    /// `DATA_DIR/ledger.sqlite`.
    static func ledgerPath(_ configuration: HeraldConfiguration, file: HeraldConfigFile?) -> String {
        guard let path = file?.ledger.path else { return configuration.dataDirectory + "/" + LedgerStore.defaultFileName }
        return path.hasPrefix("/") ? path : configuration.dataDirectory + "/" + path
    }

    /// The ledger's settings: the `ledger:` section of the file over the defaults; `--no-ledger` wins.
    static func ledgerSettings(_ configuration: HeraldConfiguration, file: HeraldConfigFile?, receiptSource: String?) -> LedgerSettings {
        let section = file?.ledger ?? LedgerFileSettings()
        let paths = section.correlationPaths?.compactMap { try? JSONPath(parsing: $0) }
        let days = section.retentionDays ?? 30
        return LedgerSettings(
            enabled: configuration.ledgerEnabled && (section.enabled ?? true), correlationPaths: paths,
            receiptSource: receiptSource ?? "com.notifications", retentionDays: days == 0 ? nil : days,
            deferWhileIngestAbove: section.deferWhileIngestAbove, deferWhileDeliveryAbove: section.deferWhileDeliveryAbove,
            maximumDeferral: section.maximumDeferralSeconds.map { .milliseconds(Int64(($0 * 1000).rounded())) })
    }
}
