import Foundation
@testable import HeraldAdmin
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

    @Test("sends an empty heartbeat line while idle, then the event appended after it")
    func heartbeatsWhileIdle() async throws {
        let fixture = try await AdminFixture()
        _ = try await fixture.append(id: "old", source: "shop")
        let collected = CollectingBodyWriter()
        let log = fixture.store.log
        let tail = Task {
            var writer: any ResponseBodyWriter = collected
            try await AdminRoutes.streamTail(
                AdminRoutes.TailQuery(from: 2, matcher: nil, limit: 1), log: log, heartbeat: .milliseconds(20), writer: &writer)
        }
        // Append only once a heartbeat went out, so the order is certain however loaded the machine is.
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(20))
        while !collected.text.contains("\n"), clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(collected.text.hasPrefix("\n"), "no heartbeat while idle: \(collected.text.debugDescription)")
        _ = try await fixture.append(id: "new", source: "shop")
        try await tail.value
        let lines = collected.text.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1 && lines[0].contains(#""id":"new""#), "\(collected.text.debugDescription)")
    }

    @Test("waits for events appended after the request started")
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
                try await group.waitForAll()
            }
        }
    }
}

/// A response body writer that keeps what was written (for calling the tail stream directly).
final class CollectingBodyWriter: ResponseBodyWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    /// Everything written so far, as text.
    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    func write(_ buffer: ByteBuffer) async throws {
        lock.withLock { bytes += Array(buffer.readableBytesView) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
