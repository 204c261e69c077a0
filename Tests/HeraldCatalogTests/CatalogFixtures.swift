import Foundation
import HeraldCatalog

/// Builds catalogs for tests: in-memory store, real pattern engine, fixed clock and sequential ids.
enum CatalogFixtures {
    static let time = Date(timeIntervalSince1970: 1_790_000_000)

    static func catalog(
        configuration: CatalogConfiguration = .init(), store: any CatalogStore = InMemoryCatalogStore()
    ) throws -> Catalog {
        let counter = Counter()
        return try Catalog(
            configuration: configuration, store: store, patterns: StandardPatternEngine(), now: { time },
            makeID: { "id-\(counter.next())" }
        )
    }

    static func rule(_ name: String, bus: String? = nil, pattern: String = #"{"source":["com.app"]}"#) -> PutRuleInput {
        PutRuleInput(name: name, eventPattern: pattern, eventBusName: bus)
    }

    static func target(_ id: String, arn: String = "arn:aws:events:us-east-1:000000000000:api-destination/d/x") -> Target {
        Target(id: id, arn: arn)
    }

    /// Thread-safe counter for id generation.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

/// Runs `body` and returns the ``CatalogError`` it throws, or nil.
func catalogError(_ body: () async throws -> Void) async -> CatalogError? {
    do {
        try await body()
        return nil
    } catch let error as CatalogError {
        return error
    } catch {
        return .internal("unexpected \(error)")
    }
}
