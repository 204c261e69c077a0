import Foundation
import HeraldLedger
import HeraldStorage
import Prometheus
import Testing

@testable import HeraldApp

/// `/metrics` reports how far the delivery ledger is behind the log and the outcome journal (real LMDB and SQLite
/// files in a temporary directory).
@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    @Test("the ledger lag gauges count the events and outcomes past the ledger's cursors, and fall to 0 once taken")
    func ledgerLag() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-metrics-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        for index in 1...5 { _ = try await store.log.append(Array("event \(index)".utf8)) }
        let consumer = try await store.consumers.register("journal-writer", initialCursor: 1)
        try await store.consumers.apply([.journal(Array("a".utf8)), .journal(Array("b".utf8))], for: consumer.id)
        let ledger = try LedgerStore(path: directory + "/ledger.sqlite")
        let endpoint = MetricsEndpoint(registry: PrometheusCollectorRegistry(), store: store, ledger: ledger)

        // The ledger has taken events 1–2 (next: 3) and outcome 1 (next: 2).
        try ledger.apply(LedgerBatch(cursors: [LedgerFeed.logCursor: 3, LedgerFeed.journalCursor: 2]))
        var text = String(decoding: endpoint.render(), as: UTF8.self)
        #expect(text.contains("herald_ledger_lag_events 3.0"), "\(text)")
        #expect(text.contains("herald_ledger_lag_outcomes 1.0"), "\(text)")

        try ledger.apply(LedgerBatch(cursors: [LedgerFeed.logCursor: 6, LedgerFeed.journalCursor: 3]))
        text = String(decoding: endpoint.render(), as: UTF8.self)
        #expect(text.contains("herald_ledger_lag_events 0.0"), "\(text)")
        #expect(text.contains("herald_ledger_lag_outcomes 0.0"), "\(text)")

        // Without a ledger there is no ledger gauge.
        let bare = String(decoding: MetricsEndpoint(registry: PrometheusCollectorRegistry(), store: store, ledger: nil).render(), as: UTF8.self)
        #expect(!bare.contains("herald_ledger_lag"))
    }

    @Test("a target's gauges go from the page once the target is gone, so alerts on its queues clear")
    func removedTargetsSeriesGo() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-metrics-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        _ = try await store.log.append(Array("event".utf8))
        _ = try await store.consumers.register("target/default/r/gone", initialCursor: 1)
        _ = try await store.consumers.register("target/default/r/kept", initialCursor: 1)
        let endpoint = MetricsEndpoint(registry: PrometheusCollectorRegistry(), store: store, ledger: nil)
        var text = String(decoding: endpoint.render(), as: UTF8.self)
        #expect(text.contains(#"herald_target_dead_letters{target="default/r/gone"} 0.0"#), "\(text)")
        #expect(text.contains(#"herald_target_cursor_lag_events{target="default/r/gone"} 1.0"#), "\(text)")
        _ = try await store.consumers.remove("target/default/r/gone")
        text = String(decoding: endpoint.render(), as: UTF8.self)
        #expect(!text.contains("default/r/gone"), "\(text)")
        #expect(text.contains(#"herald_target_dead_letters{target="default/r/kept"} 0.0"#), "\(text)")
    }
}
