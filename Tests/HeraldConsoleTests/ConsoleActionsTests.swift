import Foundation
import HeraldConsole
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Console DLQ actions")
struct ConsoleActionsTests {
    @Test("POSTs without the CSRF token, from another origin, or without Origin and Referer change nothing")
    func csrf() async throws {
        let fixture = try await ConsoleFixture()
        let sequence = try await fixture.deadLetter(id: "e1", source: "shop")
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let csrf = try #require(csrfToken(in: text(try await client.execute(uri: "/console/dlq/default/r/t/\(sequence)", method: .get))))
            let fields = [("target", ConsoleFixture.target), ("sequence", "\(sequence)"), ("confirm", "yes")]
            let missing = try await client.execute(
                uri: "/console/actions/purge", method: .post, headers: formHeaders(), body: formBody(fields))
            #expect(missing.status == .forbidden)
            #expect(text(missing).contains("CSRF token"))
            let stale = try await client.execute(
                uri: "/console/actions/purge", method: .post, headers: formHeaders(),
                body: formBody(fields + [("csrf", String(repeating: "a", count: 64))]))
            #expect(stale.status == .forbidden)
            let foreign = try await client.execute(
                uri: "/console/actions/purge", method: .post, headers: formHeaders(origin: "http://evil.example"),
                body: formBody(fields + [("csrf", csrf)]))
            #expect(foreign.status == .forbidden)
            #expect(text(foreign).contains("cross-site request refused"))
            let anonymousOrigin = try await client.execute(
                uri: "/console/actions/purge", method: .post, headers: formHeaders(origin: nil),
                body: formBody(fields + [("csrf", csrf)]))
            #expect(anonymousOrigin.status == .forbidden)
            var refererOnly = formHeaders(origin: nil)
            refererOnly[.referer] = "http://evil.example/console"
            let foreignReferer = try await client.execute(
                uri: "/console/actions/purge", method: .post, headers: refererOnly, body: formBody(fields + [("csrf", csrf)]))
            #expect(foreignReferer.status == .forbidden)
            #expect(try fixture.dlqCount() == 1)
        }
    }

    @Test("redrive asks for confirmation, then moves the entry to the retry queue and flashes the result")
    func redrive() async throws {
        let fixture = try await ConsoleFixture()
        let sequence = try await fixture.deadLetter(id: "e1", source: "shop")
        try await fixture.deadLetter(id: "e2", source: "shop")
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let csrf = try #require(csrfToken(in: text(try await client.execute(uri: "/console/dlq/default/r/t/\(sequence)", method: .get))))
            let fields = [("csrf", csrf), ("target", ConsoleFixture.target), ("sequence", "\(sequence)")]
            let confirm = try await client.execute(
                uri: "/console/actions/redrive", method: .post, headers: formHeaders(), body: formBody(fields))
            #expect(confirm.status == .ok)
            let page = text(confirm)
            #expect(page.contains("Redrive dead letter \(sequence) of default/r/t?"))
            #expect(page.contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">"))
            #expect(page.contains("<input type=\"hidden\" name=\"sequence\" value=\"\(sequence)\">"))
            #expect(try fixture.dlqCount() == 2)

            var referer = formHeaders(origin: nil)
            referer[.referer] = "http://localhost/console/dlq/default/r/t/\(sequence)"
            let done = try await client.execute(
                uri: "/console/actions/redrive", method: .post, headers: referer, body: formBody(fields + [("confirm", "yes")]))
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/console/targets/default/r/t")
            #expect(try fixture.dlqCount() == 1)
            #expect(try fixture.retryCount() == 1)
            let flashCookie = try #require(done.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            #expect(flashCookie.hasPrefix("herald_flash="))

            let after = try await client.execute(uri: "/console/targets/default/r/t", method: .get, headers: [.cookie: flashCookie])
            #expect(text(after).contains("Redrove 1 of 1 matching dead letter(s) of default/r/t"))
            #expect(after.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(text(after).contains("<dd id=\"dlq-size\">1</dd>"))
            let forged = try await client.execute(
                uri: "/console/targets/default/r/t", method: .get, headers: [.cookie: "herald_flash=SGFja2Vk.AAAA"])
            #expect(!text(forged).contains("id=\"flash\""))

            let gone = try await client.execute(
                uri: "/console/actions/redrive", method: .post, headers: formHeaders(), body: formBody(fields))
            #expect(gone.status == .notFound)
        }
    }

    @Test("purge all asks for confirmation naming the count, then deletes every entry")
    func purgeAll() async throws {
        let fixture = try await ConsoleFixture()
        for index in 1...5 { try await fixture.deadLetter(id: "e\(index)", source: "shop") }
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let csrf = try #require(csrfToken(in: text(try await client.execute(uri: "/console/targets/default/r/t", method: .get))))
            let fields = [("csrf", csrf), ("target", ConsoleFixture.target)]
            let confirm = text(
                try await client.execute(uri: "/console/actions/purge", method: .post, headers: formHeaders(), body: formBody(fields)))
            #expect(confirm.contains("Purge all 5 dead letter(s) of default/r/t? They are deleted for good."))
            #expect(confirm.contains("A purge cannot be undone."))
            #expect(!confirm.contains("name=\"sequence\""))
            #expect(try fixture.dlqCount() == 5)
            let done = try await client.execute(
                uri: "/console/actions/purge", method: .post, headers: formHeaders(), body: formBody(fields + [("confirm", "yes")]))
            #expect(done.status == .seeOther)
            #expect(try fixture.dlqCount() == 0)
            #expect(try fixture.retryCount() == 0)
            let flashCookie = try #require(done.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let after = text(try await client.execute(uri: "/console/targets/default/r/t", method: .get, headers: [.cookie: flashCookie]))
            #expect(after.contains("Purged 5 of 5 matching dead letter(s) of default/r/t."))
            #expect(after.contains("The dead-letter queue is empty."))
            let bad = try await client.execute(
                uri: "/console/actions/purge", method: .post, headers: formHeaders(),
                body: formBody([("csrf", csrf), ("target", ConsoleFixture.target), ("sequence", "x")]))
            #expect(bad.status == .badRequest)
        }
    }
}
