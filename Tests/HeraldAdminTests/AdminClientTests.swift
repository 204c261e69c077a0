import AsyncHTTPClient
import Foundation
import HeraldAdmin
import HeraldStorage
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Admin client against a live server on loopback")
struct AdminClientTests {
    @Test("the CLI's client reads status, lists, shows, redrives and reports server errors")
    func roundTrip() async throws {
        let fixture = try await AdminFixture()
        let sequence = try await fixture.deadLetter(id: "e1", source: "shop")
        try await fixture.deadLetter(id: "e2", source: "billing")
        let app = Application(
            router: fixture.router(token: "tok"), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { testClient in
            let port = try #require(testClient.port)
            let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let client = try AdminClient(endpoint: "http://127.0.0.1:\(port)/", token: "tok", httpClient: httpClient, timeout: .seconds(5))
                let status = try await client.status()
                #expect(status.targets.first?.dlqSize == 2)
                let list = try await client.deadLetters(DeadLetterQuery(target: "default/r/t", reason: "MaximumRetryAttemptsExceeded"))
                #expect(list.entries.map(\.eventID) == ["e1", "e2"])
                let detail = try await client.deadLetter(target: "default/r/t", sequence: sequence)
                #expect(detail.summary.source == "shop")
                let dry = try await client.redrive(DeadLetterAction(target: "default/r/t", filter: #"{"source":["billing"]}"#, dryRun: true))
                #expect(dry.matched == 1)
                let redriven = try await client.redrive(DeadLetterAction(target: "default/r/t", sequences: [sequence]))
                #expect(redriven.redriven == 1)
                await #expect(throws: AdminClientError.server(status: 404, code: "NotFound", message: "no target 'default/x/y'")) {
                    _ = try await client.purge(DeadLetterAction(target: "default/x/y"))
                }
                let anonymous = try AdminClient(endpoint: "http://127.0.0.1:\(port)", token: nil, httpClient: httpClient)
                await #expect(throws: AdminClientError.self) { _ = try await anonymous.status() }
                #expect(throws: AdminClientError.invalidEndpoint("127.0.0.1:4010")) {
                    _ = try AdminClient(endpoint: "127.0.0.1:4010", token: nil, httpClient: httpClient)
                }
            } catch {
                try await httpClient.shutdown()
                throw error
            }
            try await httpClient.shutdown()
            #expect(try fixture.store.consumers.deadLetterCount(fixture.target.id) == 1)
        }
    }
}
