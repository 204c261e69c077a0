import Foundation
import HeraldAdmin
import HeraldStorage
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Admin redrive and purge")
struct AdminActionTests {
    @Test("redrive moves the selected entries to the retry queue, due now; dry run changes nothing")
    func redrive() async throws {
        let fixture = try await AdminFixture()
        let first = try await fixture.deadLetter(id: "e1", source: "shop")
        try await fixture.deadLetter(id: "e2", source: "billing")
        let third = try await fixture.deadLetter(id: "e3", source: "shop")
        let consumers = fixture.store.consumers
        let id = fixture.target.id
        let app = Application(router: fixture.router())
        try await app.test(.router) { client in
            let dry = try await client.execute(
                uri: "/admin/dlq/redrive", method: .post,
                body: jsonBody(#"{"target":"default/r/t","filter":{"source":["shop"]},"dryRun":true}"#))
            #expect(dry.status == .ok)
            #expect(try decode(DeadLetterActionResult.self, dry.body) == DeadLetterActionResult(matched: 2, redriven: 0, dryRun: true))
            #expect(try consumers.deadLetterCount(id) == 3)
            #expect(try consumers.retryStats(id).count == 0)

            let real = try await client.execute(
                uri: "/admin/dlq/redrive", method: .post, body: jsonBody(#"{"target":"default/r/t","filter":{"source":["shop"]}}"#))
            #expect(try decode(DeadLetterActionResult.self, real.body) == DeadLetterActionResult(matched: 2, redriven: 2, dryRun: false))
            #expect(try consumers.deadLetterCount(id) == 1)
            let stats = try consumers.retryStats(id)
            #expect(stats.count == 2)
            #expect(stats.nextDueTime == AdminFixture.start)
            #expect(try consumers.retry(id, sequence: first) != nil)
            #expect(try consumers.retry(id, sequence: third) != nil)
        }
    }

    @Test("redrive by sequences and of everything, in batches larger than one transaction")
    func redriveSequencesAndAll() async throws {
        let fixture = try await AdminFixture()
        var sequences: [UInt64] = []
        for index in 0..<5 { sequences.append(try await fixture.deadLetter(id: "e\(index)", source: "shop")) }
        let chosen = sequences
        let consumers = fixture.store.consumers
        let id = fixture.target.id
        let app = Application(router: fixture.router())
        try await app.test(.router) { client in
            let picked = try await client.execute(
                uri: "/admin/dlq/redrive", method: .post,
                body: jsonBody(#"{"target":"default/r/t","sequences":[\#(chosen[0]),\#(chosen[1]),\#(chosen[2]),999]}"#))
            #expect(try decode(DeadLetterActionResult.self, picked.body) == DeadLetterActionResult(matched: 3, redriven: 3, dryRun: false))
            let rest = try await client.execute(uri: "/admin/dlq/redrive", method: .post, body: jsonBody(#"{"target":"target/default/r/t"}"#))
            #expect(try decode(DeadLetterActionResult.self, rest.body) == DeadLetterActionResult(matched: 2, redriven: 2, dryRun: false))
            #expect(try consumers.deadLetterCount(id) == 0)
            #expect(try consumers.retryStats(id).count == 5)
        }
    }

    @Test("purge deletes the selected entries; dry run and an unmatched filter delete nothing")
    func purge() async throws {
        let fixture = try await AdminFixture()
        let first = try await fixture.deadLetter(id: "e1", source: "shop")
        for index in 2...4 { try await fixture.deadLetter(id: "e\(index)", source: "billing") }
        let consumers = fixture.store.consumers
        let id = fixture.target.id
        let app = Application(router: fixture.router())
        try await app.test(.router) { client in
            let dry = try await client.execute(
                uri: "/admin/dlq/purge", method: .post, body: jsonBody(#"{"target":"default/r/t","dryRun":true}"#))
            #expect(try decode(DeadLetterActionResult.self, dry.body) == DeadLetterActionResult(matched: 4, purged: 0, dryRun: true))
            let none = try await client.execute(
                uri: "/admin/dlq/purge", method: .post, body: jsonBody(#"{"target":"default/r/t","filter":{"source":["nobody"]}}"#))
            #expect(try decode(DeadLetterActionResult.self, none.body) == DeadLetterActionResult(matched: 0, purged: 0, dryRun: false))
            #expect(try consumers.deadLetterCount(id) == 4)

            let one = try await client.execute(
                uri: "/admin/dlq/purge", method: .post, body: jsonBody(#"{"target":"default/r/t","sequences":[\#(first)]}"#))
            #expect(try decode(DeadLetterActionResult.self, one.body) == DeadLetterActionResult(matched: 1, purged: 1, dryRun: false))
            // Naming only sequences that are not there (this one is gone now) is a 404, as `dlq show` answers.
            let gone = try await client.execute(
                uri: "/admin/dlq/purge", method: .post, body: jsonBody(#"{"target":"default/r/t","sequences":[\#(first)]}"#))
            #expect(gone.status == .notFound)
            #expect(String(buffer: gone.body).contains("no dead letter at sequence \(first) of default/r/t"))
            let all = try await client.execute(uri: "/admin/dlq/purge", method: .post, body: jsonBody(#"{"target":"default/r/t"}"#))
            #expect(try decode(DeadLetterActionResult.self, all.body) == DeadLetterActionResult(matched: 3, purged: 3, dryRun: false))
            #expect(try consumers.deadLetterCount(id) == 0)
            #expect(try consumers.retryStats(id).count == 0)
        }
    }
}
