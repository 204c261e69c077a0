import Foundation
import HeraldCatalog
import HeraldServer
import HeraldStorage
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APIPersistenceTests {
    static func api(_ store: HeraldStore) throws -> EventBridgeAPI {
        let catalog = try Catalog(store: StorageCatalogStore(table: store.catalog), patterns: StandardPatternEngine())
        return EventBridgeAPI(catalog: catalog, ingestor: RecordingIngestor())
    }

    @Test func resourcesCreatedThroughTheAPISurviveARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        do {
            let store = try HeraldStore(directory: directory)
            defer { store.close() }
            try await ServerFixtures.withClient(try Self.api(store)) { client in
                _ = try await client.ok("CreateEventBus", json(["Name": "shop"]))
                _ = try await client.ok("PutRule", json(["Name": "orders", "EventBusName": "shop", "EventPattern": #"{"source":["com.app"]}"#]))
                _ = try await client.ok("PutTargets", json(["Rule": "orders", "EventBusName": "shop", "Targets": [["Id": "t", "Arn": "arn:x"]]]))
            }
        }
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        try await ServerFixtures.withClient(try Self.api(store)) { client in
            let rule = try await client.ok("DescribeRule", json(["Name": "orders", "EventBusName": "shop"]))
            #expect(rule["Arn"] as? String == "arn:aws:events:us-east-1:000000000000:rule/shop/orders")
            let targets = try await client.ok("ListTargetsByRule", json(["Rule": "orders", "EventBusName": "shop"]))
            #expect((targets["Targets"] as? [[String: Any]])?.first?["Id"] as? String == "t")
        }
    }
}
