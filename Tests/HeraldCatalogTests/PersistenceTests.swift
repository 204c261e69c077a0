import Foundation
import HeraldCatalog
import HeraldStorage
import Testing

@Suite struct PersistenceTests {
    @Test func catalogSurvivesReopenOnRealLMDB() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-catalog-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let before: CatalogSnapshot
        do {
            let store = try HeraldStore(directory: directory)
            defer { store.close() }
            let catalog = try CatalogFixtures.catalog(store: StorageCatalogStore(table: store.catalog))
            _ = try await catalog.createEventBus(CreateEventBusInput(name: "shop", tags: [Tag(key: "k", value: "v")]))
            _ = try await catalog.putRule(CatalogFixtures.rule("orders", bus: "shop"))
            var target = CatalogFixtures.target("t1")
            target.httpParameters = HttpParameters(headerParameters: ["Content-Type": "application/x-www-form-urlencoded"])
            _ = try await catalog.putTargets(rule: "orders", eventBusName: "shop", targets: [target])
            let connection = try await catalog.createConnection(CreateConnectionInput(
                name: "c", authorizationType: "API_KEY",
                authParameters: ConnectionAuthParameters(apiKeyAuthParameters: ApiKeyAuthParameters(apiKeyName: "apikey", apiKeyValue: "secret"))
            ))
            _ = try await catalog.createApiDestination(ApiDestinationInput(
                name: "d", connectionArn: connection.arn, invocationEndpoint: "https://example.com/x", httpMethod: "POST"
            ))
            let archive = try await catalog.createArchive(ArchiveInput(archiveName: "a", eventSourceArn: "arn:aws:events:us-east-1:000000000000:event-bus/shop"))
            _ = try await catalog.startReplay(StartReplayInput(
                replayName: "rp", eventSourceArn: archive.arn, eventStartTime: Date(timeIntervalSince1970: 0),
                eventEndTime: Date(timeIntervalSince1970: 10), destination: ReplayDestination(arn: archive.eventSourceArn)
            ))
            _ = try await catalog.putRule(CatalogFixtures.rule("gone"))
            try await catalog.deleteRule(name: "gone", eventBusName: nil, force: false)
            before = catalog.snapshot
        }
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        let reopened = try CatalogFixtures.catalog(store: StorageCatalogStore(table: store.catalog))
        let after = reopened.snapshot
        #expect(after.version == 0)
        #expect(after.eventBuses == before.eventBuses)
        #expect(after.rules == before.rules)
        #expect(after.connections == before.connections)
        #expect(after.connections["c"]?.authParameters.apiKeyAuthParameters?.apiKeyValue == "secret")
        #expect(after.apiDestinations == before.apiDestinations)
        #expect(after.archives == before.archives)
        #expect(after.replays == before.replays)
        #expect(after.tags == before.tags)
        #expect(after.rules.count == 1)
    }

    @Test func unknownFormatIsRefused() throws {
        let store = InMemoryCatalogStore()
        try store.apply(["meta/format": Array("99".utf8)])
        #expect(throws: CatalogError.self) { _ = try CatalogFixtures.catalog(store: store) }
    }
}
