import AsyncHTTPClient
import Foundation
import HeraldCatalog
import HeraldDelivery
import HeraldEngine
import HeraldEvents
import HeraldJSON
import HeraldStorage
import Logging
import NIOPosix
import ServiceLifecycleTestKit
import Testing

/// A real store in a temporary directory, a real catalog on it, and a real HTTP client.
final class EngineHarness: @unchecked Sendable {
    let directory: String
    private(set) var store: HeraldStore
    private(set) var catalog: HeraldCatalog.Catalog
    private(set) var catalogStore: PositionStampingCatalogStore
    let client: HTTPClient
    var configuration = EngineConfiguration(
        requestTimeout: .seconds(2), backoff: Backoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(60)),
        retryIdleInterval: .milliseconds(50))

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-engine-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try HeraldStore(directory: directory)
        (catalogStore, catalog) = try Self.openCatalog(store)
        client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: AsyncHTTPClientTransport.recommendedClientConfiguration())
    }

    /// Closes and reopens the store and catalog, as a restart does.
    func reopen() throws {
        store.close()
        store = try HeraldStore(directory: directory)
        (catalogStore, catalog) = try Self.openCatalog(store)
    }

    private static func openCatalog(_ store: HeraldStore) throws -> (PositionStampingCatalogStore, HeraldCatalog.Catalog) {
        let catalogStore = PositionStampingCatalogStore(base: StorageCatalogStore(table: store.catalog), log: store.log)
        let catalog = try HeraldCatalog.Catalog(
            configuration: CatalogConfiguration(maxTargetsPerRule: 20), store: catalogStore, patterns: StandardPatternEngine())
        catalogStore.arm()
        return (catalogStore, catalog)
    }

    func tearDown() async throws {
        try await client.shutdown()
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Creates a rule and its targets.
    func rule(_ name: String, pattern: String, targets: [Target]) async throws {
        _ = try await catalog.putRule(PutRuleInput(name: name, eventPattern: pattern))
        let failures = try await catalog.putTargets(rule: name, eventBusName: nil, targets: targets)
        #expect(failures.isEmpty, "PutTargets failed: \(failures)")
    }

    /// Appends an event to the log as PutEvents would; returns its id.
    @discardableResult
    func put(source: String = "app.test", detailType: String = "t", detail: String = "{}", bus: String = "default") async throws -> String {
        let id = UUID().uuidString.lowercased()
        let envelope = try EventEnvelope(
            entry: PutEventsEntry(source: source, detailType: detailType, detail: detail), id: id, ingestionTime: .now,
            account: "000000000000", region: "us-east-1")
        _ = try await store.log.append(StoredEvent(busName: bus, envelopeJSON: envelope.jsonBytes).bytes)
        return id
    }

    /// Runs a delivery engine while `body` runs, then shuts it down gracefully.
    func withEngine(
        now: @escaping @Sendable () -> UTCTime = { UTCTime.now }, transport: (any DeliveryTransport)? = nil,
        _ body: (DeliveryEngine) async throws -> Void
    ) async throws {
        let engine = DeliveryEngine(
            store: store, catalog: catalog, transport: transport ?? AsyncHTTPClientTransport(client: client), configuration: configuration,
            logger: Logger(label: "engine-test"), commitPositions: catalogStore, now: now)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await engine.run() }
                try await body(engine)
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}

/// Runs `body` with a fresh harness and always tears it down (the HTTP client must be shut down).
func withHarness(_ body: (EngineHarness) async throws -> Void) async throws {
    let harness = try EngineHarness()
    do {
        try await body(harness)
    } catch {
        try await harness.tearDown()
        throw error
    }
    try await harness.tearDown()
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
/// The default is generous: it only matters when the condition fails, and on a loaded two-core machine 10 s was once
/// not enough for a delivery that normally takes milliseconds.
func eventually(timeout: Duration = .seconds(30), _ condition: () throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try condition()
}

/// Waits until the consumer `name` is registered; returns its id.
func eventuallyConsumer(_ harness: EngineHarness, _ name: String) async -> ConsumerID? {
    var found: ConsumerID?
    _ = await eventually {
        found = (try? harness.store.consumers.info(named: name))??.id
        return found != nil
    }
    return found
}
