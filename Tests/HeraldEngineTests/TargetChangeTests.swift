import Foundation
import HeraldCatalog
import HeraldEngine
import HeraldStorage
import HeraldTestSupport
import Testing

/// Events waiting for their rate limit follow the target as it is now: a removed target sends nothing more, a changed
/// destination gets them at its new endpoint and rate, a deauthorized connection sends no credentials.
@Suite("Target changes reach events already in the window", .serialized)
struct TargetChangeTests {
    static func destination(
        _ harness: EngineHarness, endpoint: String, rate: Int, password: String = "p w!"
    ) async throws -> (HeraldCatalog.Connection, HeraldCatalog.ApiDestination) {
        let connection = try await harness.catalog.createConnection(CreateConnectionInput(
            name: "c", authorizationType: "BASIC",
            authParameters: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: "u", password: password))))
        let destination = try await harness.catalog.createApiDestination(ApiDestinationInput(
            name: "d", connectionArn: connection.arn, invocationEndpoint: endpoint, httpMethod: "POST",
            invocationRateLimitPerSecond: rate))
        return (connection, destination)
    }

    @Test("a target removed while its events wait for the rate limit sends none of them")
    func removedTargetSendsNoMore() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        let (_, destination) = try await Self.destination(harness, endpoint: sink.baseURL + "/hook", rate: 2)
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: destination.arn)])
        try await harness.withEngine { _ in
            for index in 0..<10 { try await harness.put(detail: "{\"n\":\(index)}") }
            #expect(await eventually { sink.requests.count >= 1 })
            _ = try await harness.catalog.removeTargets(rule: "r", eventBusName: nil, ids: ["t"], force: false)
            let atRemoval = sink.requests.count
            // At 2/s the other events' turns come within the next 5 s: none of them may be sent.
            try await Task.sleep(for: .seconds(5))
            #expect(sink.requests.count <= atRemoval + 1, "sent after removal: \(sink.requests.count - atRemoval)")
            #expect(sink.requests.count < 10)
        }
        try await sink.shutdown()
        }
    }

    @Test("UpdateApiDestination moves events already waiting to the new endpoint and rate")
    func updatedDestinationTakesWaitingEvents() async throws {
        try await withHarness { harness in
        let old = try await TestHTTPServer.start()
        let new = try await TestHTTPServer.start()
        let (_, destination) = try await Self.destination(harness, endpoint: old.baseURL + "/hook", rate: 1)
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: destination.arn)])
        try await harness.withEngine { _ in
            for index in 0..<12 { try await harness.put(detail: "{\"n\":\(index)}") }
            #expect(await eventually { old.requests.count >= 1 })
            _ = try await harness.catalog.updateApiDestination(ApiDestinationInput(
                name: "d", invocationEndpoint: new.baseURL + "/hook", invocationRateLimitPerSecond: 100))
            // At the old 1/s the rest would take 11 s more, to the old endpoint; at 100/s they are done in about one
            // second (a waiting event notices the new rate within a second).
            #expect(await eventually(timeout: .seconds(6)) { old.requests.count + new.requests.count == 12 },
                    "old \(old.requests.count), new \(new.requests.count)")
            #expect(old.requests.count <= 3, "sent to the old endpoint after the update: \(old.requests.count)")
            #expect(new.requests.allSatisfy { $0.header("Authorization") == "Basic dTpwIHch" })
        }
        try await old.shutdown()
        try await new.shutdown()
        }
    }

    @Test("DeauthorizeConnection stops the credentials going out; UpdateConnection authorizes it again")
    func deauthorizedConnectionSendsNoCredentials() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        let (_, destination) = try await Self.destination(harness, endpoint: sink.baseURL + "/hook", rate: 100)
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: destination.arn)])
        try await harness.withEngine { engine in
            try await harness.put()
            #expect(await eventually { sink.requests.count == 1 })
            #expect(sink.requests.first?.header("Authorization") == "Basic dTpwIHch")
            #expect(engine.statuses().first?.problem == nil)
            _ = try await harness.catalog.deauthorizeConnection(name: "c")
            // The engine applies the catalog change; the status says why the target cannot deliver.
            #expect(await eventually { engine.statuses().first?.problem?.contains("connection c is deauthorized") == true })
            try await harness.put()
            let consumer = try #require(await eventuallyConsumer(harness, "target/default/r/t"))
            #expect(await eventually { (try? harness.store.consumers.deadLetterCount(consumer)) == 1 })
            let entry = try #require(try harness.store.consumers.deadLetters(consumer).first)
            #expect(entry.attempts.first?.error.contains("connection c is deauthorized") == true, "\(entry.attempts)")
            #expect(sink.requests.count == 1, "a request went out through a deauthorized connection")
            _ = try await harness.catalog.updateConnection(UpdateConnectionInput(
                name: "c", authParameters: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: nil, password: "new"))))
            try await Task.sleep(for: .milliseconds(300))
            try await harness.put()
            #expect(await eventually { sink.requests.count == 2 })
            #expect(sink.requests.last?.header("Authorization") == "Basic " + Data("u:new".utf8).base64EncodedString())
        }
        try await sink.shutdown()
        }
    }
}
