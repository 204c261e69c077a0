import Foundation
import HeraldAdmin
import HeraldEngine
import HeraldStorage
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Admin routes")
struct AdminRoutesTests {
    @Test("status reports log, disk and per-target lag, retry queue, DLQ and live figures")
    func status() async throws {
        let fixture = try await AdminFixture()
        try await fixture.deadLetter(id: "e1", source: "shop")
        _ = try await fixture.append(id: "e2", source: "shop")
        try await fixture.store.consumers.apply([.setCursor(2)], for: fixture.target.id)
        fixture.clock.set(AdminFixture.start + 10_000)
        var figures = TargetStatus()
        figures.sent = 3
        figures.inFlight = 1
        figures.lastError = (time: AdminFixture.start, message: "HTTP 500")
        let live = figures
        let key = TargetKey(bus: "default", rule: "r", targetID: "t")
        let orphan = TargetKey(bus: "default", rule: "other", targetID: "x")
        let statuses: @Sendable () -> [LiveTargetStatus] = {
            [(key, nil, live, nil), (orphan, nil, TargetStatus(), "connection 'c' does not exist")]
        }
        let app = Application(router: fixture.router(statuses: statuses))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/admin/status", method: .get)
            #expect(response.status == .ok)
            let report = try decode(AdminStatusReport.self, response.body)
            #expect(report.uptimeSeconds == 15)
            #expect(report.log.firstSequence == 1)
            #expect(report.log.lastSequence == 2)
            #expect(report.disk.mapSizeBytes > 0)
            #expect(report.targets.map(\.target) == ["default/other/x", "default/r/t"])
            let target = try #require(report.targets.last)
            #expect(target.state == "running")
            #expect(target.cursor == 2)
            #expect(target.lagEvents == 1)
            #expect(target.oldestPendingAgeSeconds == 10)
            #expect(target.dlqSize == 1)
            #expect(target.retryQueueSize == 0)
            #expect(target.sent == 3)
            #expect(target.inFlight == 1)
            #expect(target.lastError == "HTTP 500")
            #expect(report.targets.first?.problem == "connection 'c' does not exist")
        }
    }

    @Test("a stored target without a delivery worker is reported as not running, with the reason")
    func notRunning() async throws {
        let fixture = try await AdminFixture()
        let app = Application(router: fixture.router())
        try await app.test(.router) { client in
            let report = try decode(AdminStatusReport.self, try await client.execute(uri: "/admin/status", method: .get).body)
            let target = try #require(report.targets.first)
            #expect(target.target == "default/r/t")
            #expect(target.state == "not-running")
            #expect(target.problem?.contains("no delivery worker") == true)
            #expect(target.lagEvents == 0)
            #expect(target.oldestPendingAt == nil)
            #expect(report.log.firstSequence == nil)
        }
    }

    @Test("dlq list filters by target, reason and since, and pages with after")
    func list() async throws {
        let fixture = try await AdminFixture()
        let other = try await fixture.store.consumers.register("target/default/r/u", initialCursor: 1)
        let first = try await fixture.deadLetter(id: "e1", source: "shop", status: 400, reason: .nonRetryableResponse)
        fixture.clock.set(AdminFixture.start + 60_000)
        let second = try await fixture.deadLetter(id: "e2", source: "billing")
        let third = try await fixture.deadLetter(id: "e3", source: "shop")
        try await fixture.deadLetter(id: "e4", source: "shop", consumer: other)
        let app = Application(router: fixture.router())
        try await app.test(.router) { client in
            let all = try decode(DeadLetterList.self, try await client.execute(uri: "/admin/dlq", method: .get).body)
            #expect(all.entries.count == 4)
            #expect(Set(all.entries.map(\.target)) == ["default/r/t", "default/r/u"])
            #expect(all.truncated == nil)
            // A listing of every target cut by its limit says more exist (inside one target, or in the next one).
            for limit in [2, 3] {
                let cut = try decode(DeadLetterList.self, try await client.execute(uri: "/admin/dlq?limit=\(limit)", method: .get).body)
                #expect(cut.entries.count == limit)
                #expect(cut.truncated == true, "limit \(limit)")
                #expect(AdminTableRenderer.render(cut).contains("more entries: list one target with --target"))
            }

            let one = try decode(
                DeadLetterList.self, try await client.execute(uri: "/admin/dlq?target=default/r/t", method: .get).body)
            #expect(one.entries.map(\.sequence) == [first, second, third])
            let entry = try #require(one.entries.first)
            #expect(entry.eventID == "e1")
            #expect(entry.source == "shop")
            #expect(entry.detailType == "OrderPlaced")
            #expect(entry.reason == "NonRetryableResponse")
            #expect(entry.attempts == 1)
            #expect(entry.lastStatus == 400)

            let byReason = try decode(
                DeadLetterList.self,
                try await client.execute(uri: "/admin/dlq?target=default/r/t&reason=nonretryableresponse", method: .get).body)
            #expect(byReason.entries.map(\.eventID) == ["e1"])
            let unknown = try await client.execute(uri: "/admin/dlq?reason=NoSuchReason", method: .get)
            #expect(unknown.status == .badRequest)
            #expect(String(buffer: unknown.body).contains("permanent, retries_exhausted, max_age_exceeded, skipped"))

            let since = AdminFixture.start + 30_000
            let recent = try decode(
                DeadLetterList.self, try await client.execute(uri: "/admin/dlq?target=default/r/t&since=\(since)", method: .get).body)
            #expect(recent.entries.map(\.eventID) == ["e2", "e3"])

            let page = try decode(
                DeadLetterList.self, try await client.execute(uri: "/admin/dlq?target=default/r/t&limit=2", method: .get).body)
            #expect(page.entries.map(\.eventID) == ["e1", "e2"])
            let next = try #require(page.nextAfter)
            let rest = try decode(
                DeadLetterList.self,
                try await client.execute(uri: "/admin/dlq?target=default/r/t&limit=2&after=\(next)", method: .get).body)
            #expect(rest.entries.map(\.eventID) == ["e3"])
            #expect(rest.nextAfter == nil)
        }
    }

    @Test("a listing cut by its limit inside one storage page still says where the next page starts")
    func limitInsideOnePage() async throws {
        let fixture = try await AdminFixture()
        for index in 1...3 { try await fixture.deadLetter(id: "e\(index)", source: "shop") }
        let app = Application(router: fixture.router(batchSize: 500))
        try await app.test(.router) { client in
            let page = try decode(
                DeadLetterList.self, try await client.execute(uri: "/admin/dlq?target=default/r/t&limit=2", method: .get).body)
            #expect(page.entries.map(\.eventID) == ["e1", "e2"])
            let next = try #require(page.nextAfter, "no next page although e3 remains")
            let rest = try decode(
                DeadLetterList.self,
                try await client.execute(uri: "/admin/dlq?target=default/r/t&limit=2&after=\(next)", method: .get).body)
            #expect(rest.entries.map(\.eventID) == ["e3"])
            #expect(rest.nextAfter == nil)
            let exact = try decode(
                DeadLetterList.self, try await client.execute(uri: "/admin/dlq?target=default/r/t&limit=3", method: .get).body)
            #expect(exact.entries.count == 3)
            #expect(exact.nextAfter == nil)
        }
    }

    @Test("dlq entry shows the envelope and every attempt; unknown entries and targets are 404")
    func show() async throws {
        let fixture = try await AdminFixture()
        let sequence = try await fixture.deadLetter(id: "e1", source: "shop", status: 503)
        let app = Application(router: fixture.router())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/admin/dlq/entry?target=default/r/t&sequence=\(sequence)", method: .get)
            #expect(response.status == .ok)
            let detail = try decode(DeadLetterDetail.self, response.body)
            #expect(detail.bus == "default")
            #expect(detail.envelope.contains("\"id\":\"e1\""))
            #expect(detail.attempts.count == 1)
            #expect(detail.attempts.first?.statusCode == 503)
            #expect(detail.attempts.first?.latencyMilliseconds == 1.5)
            #expect(detail.attempts.first?.responseExcerpt == "{\"message\":\"boom\"}")

            let missing = try await client.execute(uri: "/admin/dlq/entry?target=default/r/t&sequence=999", method: .get)
            #expect(missing.status == .notFound)
            let unknown = try await client.execute(uri: "/admin/dlq/entry?target=default/nope/t&sequence=1", method: .get)
            #expect(unknown.status == .notFound)
            #expect(try decode(AdminErrorBody.self, unknown.body).error == "NotFound")
        }
    }
}
