import Foundation
import HeraldAdmin
import HeraldEngine
import HeraldStorage
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Admin tail route")
struct AdminTailRouteTests {
    /// The event lines of an NDJSON body (heartbeat lines dropped).
    private func events(_ body: ByteBuffer) -> [TailEvent] {
        String(buffer: body).split(separator: "\n").compactMap { TailEvent(line: String($0)) }
    }

    @Test("from a sequence, filtered by pattern and bus, ending after the limit")
    func filtersAndLimits() async throws {
        let fixture = try await AdminFixture()
        for (index, source) in ["shop", "billing", "shop", "shop"].enumerated() {
            _ = try await fixture.append(id: "e\(index + 1)", source: source)
        }
        let envelope = #"{"version":"0","id":"o1","detail-type":"t","source":"shop","detail":{}}"#
        let otherSequence = try await fixture.store.log.append(StoredEvent(busName: "other", envelopeJSON: Array(envelope.utf8)).bytes)
        let app = Application(router: fixture.router(token: "secret"))
        try await app.test(.router) { client in
            let auth: HTTPFields = [.authorization: "Bearer secret"]
            let pattern = #"{"source":["shop"]}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try await client.execute(uri: "/admin/tail?from=1&limit=2&pattern=\(pattern)", method: .get, headers: auth)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/x-ndjson")
            #expect(response.headers[try #require(HTTPFields.Element.Name(AdminRoutes.tailFromHeader))] == "1")
            let received = events(response.body)
            #expect(received.map(\.sequence) == [1, 3])
            #expect(received.allSatisfy { $0.bus == "default" && $0.event["source"]?.stringValue == "shop" })
            #expect(received.first?.event["id"]?.stringValue == "e1")

            let other = try await client.execute(uri: "/admin/tail?from=1&limit=1&bus=other", method: .get, headers: auth)
            #expect(events(other.body).map(\.sequence) == [otherSequence])
            #expect(events(other.body).first?.bus == "other")
        }
    }

    @Test("bad pattern, from and limit are 400 with a clear message; no token is 401")
    func rejectsBadInput() async throws {
        let fixture = try await AdminFixture()
        let app = Application(router: fixture.router(token: "secret"))
        try await app.test(.router) { client in
            let auth: HTTPFields = [.authorization: "Bearer secret"]
            let bad = #"{"source":"shop"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try await client.execute(uri: "/admin/tail?pattern=\(bad)", method: .get, headers: auth)
            #expect(response.status == .badRequest)
            let body = try decode(AdminErrorBody.self, response.body)
            #expect(body.message.hasPrefix("invalid event pattern"), "\(body.message)")
            #expect(try await client.execute(uri: "/admin/tail?from=x", method: .get, headers: auth).status == .badRequest)
            #expect(try await client.execute(uri: "/admin/tail?limit=0", method: .get, headers: auth).status == .badRequest)
            #expect(try await client.execute(uri: "/admin/tail?limit=1", method: .get).status == .unauthorized)
        }
    }

    @Test("waits for events appended after the request started, sending heartbeats while idle")
    func followsAppends() async throws {
        let fixture = try await AdminFixture()
        _ = try await fixture.append(id: "old", source: "shop")
        let router = Router()
        AdminRoutes.registerTail(
            on: router,
            context: AdminContext(store: fixture.store, statuses: { [] }, startedAt: AdminFixture.start, adminToken: nil),
            heartbeat: .milliseconds(100))
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Task.sleep(for: .milliseconds(1_500))
                    _ = try await fixture.append(id: "new1", source: "shop")
                    _ = try await fixture.append(id: "new2", source: "shop")
                }
                // `from=2`, not the default "next appended": the log's published high-water mark may trail the
                // append's return by a moment, so the default could still include "old" on a loaded machine.
                let response = try await client.execute(uri: "/admin/tail?from=2&limit=2", method: .get)
                let text = String(buffer: response.body)
                #expect(events(response.body).map { $0.event["id"]?.stringValue } == ["new1", "new2"], "\(text)")
                // At least one heartbeat in the idle 1.5 s (100 ms interval; a loaded machine may delay most of them).
                #expect(text.hasPrefix("\n"), "heartbeats expected while idle: \(text.debugDescription)")
                try await group.waitForAll()
            }
        }
    }
}
