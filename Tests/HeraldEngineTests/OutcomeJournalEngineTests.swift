import HeraldCatalog
import HeraldEngine
import HeraldStorage
import HeraldTestSupport
import Testing

@Suite("Delivery-outcome journal", .serialized)
struct OutcomeJournalEngineTests {
    @Test("with journaling on, every attempt lands in the journal in order: failures, then the delivery")
    func journalsEveryAttempt() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        sink.enqueue([.respond(status: 503), .ok])
        harness.configuration.journalOutcomes = true
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            let id = try await harness.put()
            #expect(await eventually { (try? harness.store.journal.count()) == 2 })
            let records = try harness.store.journal.read(from: 0, limit: 10).compactMap { DeliveryOutcomeRecord(decoding: $0.record) }
            #expect(records.map(\.outcome) == [.failedRetrying, .delivered])
            #expect(records.map(\.attempt) == [1, 2])
            #expect(records.map(\.statusCode) == [503, 200])
            #expect(records.allSatisfy { $0.eventID == id && $0.rule == "r" && $0.target == "t" && $0.bus == "default" })
        }
        try await sink.shutdown()
        }
    }

    @Test("with journaling off (the default), nothing is written to the journal")
    func journalOffByDefault() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            try await harness.put()
            #expect(await eventually { sink.requests.count == 1 })
            try await Task.sleep(for: .milliseconds(100))
            #expect(try harness.store.journal.count() == 0)
        }
        try await sink.shutdown()
        }
    }

    @Test("a dead-lettered attempt is journaled with its status and reason text")
    func journalsDeadLetters() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 400, text: "nope") }
        harness.configuration.journalOutcomes = true
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            try await harness.put()
            #expect(await eventually { (try? harness.store.journal.count()) == 1 })
            let record = try #require(try harness.store.journal.read(from: 0, limit: 1).first.flatMap { DeliveryOutcomeRecord(decoding: $0.record) })
            #expect(record.outcome == .deadLettered)
            #expect(record.statusCode == 400)
            #expect(record.attempt == 1)
        }
        try await sink.shutdown()
        }
    }
}
