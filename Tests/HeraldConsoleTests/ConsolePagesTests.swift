import Foundation
import HeraldAdmin
import HeraldConsole
import HeraldEngine
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Console pages")
struct ConsolePagesTests {
    @Test("the status page shows uptime, log range, disk and the target with its DLQ size")
    func status() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.deadLetter(id: "e1", source: "shop")
        try await fixture.deadLetter(id: "e2", source: "shop")
        try await fixture.append(id: "e3", source: "shop")
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/console", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            let html = text(response)
            #expect(html.contains("<tr data-target=\"default/r/t\">"))
            #expect(html.contains("href=\"/console/targets/default/r/t\""))
            #expect(html.contains("<td class=\"num dlq-size\"><a href=\"/console/targets/default/r/t#dlq\">2</a></td>"))
            #expect(html.contains("<p id=\"uptime\">1m 5s</p>"))
            #expect(html.contains("first <span id=\"log-first\">1</span> · last <span id=\"log-last\">3</span>"))
            #expect(html.contains("not-running"))
            #expect(html.contains("no delivery worker"))
            #expect(!html.contains("http-equiv=\"refresh\""))
            let refreshing = text(try await client.execute(uri: "/console?refresh=10", method: .get))
            #expect(refreshing.contains("<meta http-equiv=\"refresh\" content=\"10\">"))
            #expect(refreshing.contains("This page reloads every 10 s."))
            #expect(try await client.execute(uri: "/console?refresh=0", method: .get).status == .badRequest)
        }
    }

    @Test("a running target shows the engine's live figures: state, in flight, last error")
    func liveStatus() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.append(id: "e1", source: "shop")
        fixture.clock.set(ConsoleFixture.start + 90_000)
        var figures = TargetStatus()
        figures.inFlight = 4
        figures.lastError = (time: ConsoleFixture.start, message: "HTTP 503 <from upstream>")
        let live = figures
        let statuses: @Sendable () -> [LiveTargetStatus] = {
            [(TargetKey(bus: "default", rule: "r", targetID: "t"), nil, live, nil)]
        }
        let app = Application(router: try fixture.router(statuses: statuses))
        try await app.test(.router) { client in
            let html = text(try await client.execute(uri: "/console", method: .get))
            #expect(html.contains("<td class=\"state-running\">running</td><td class=\"num\">1</td><td>1m 30s</td>"))
            #expect(html.contains("<td class=\"num\">4</td>"))
            #expect(html.contains("HTTP 503 &lt;from upstream&gt;<div class=\"when\">2026-11-18T11:06:40.000Z</div>"))
        }
    }

    @Test("the target page lists dead letters escaped and pages through them")
    func targetPaging() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.deadLetter(id: "first", source: "<script>alert('x')</script>")
        for index in 2...52 { try await fixture.deadLetter(id: "e\(index)", source: "shop") }
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let first = text(try await client.execute(uri: "/console/targets/default/r/t", method: .get))
            #expect(first.contains("<dd id=\"dlq-size\">52</dd>"))
            #expect(first.components(separatedBy: "<tr data-sequence=").count - 1 == 50)
            #expect(first.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(!first.contains("<script>"))
            #expect(first.contains("href=\"/console/dlq/default/r/t/1\""))
            #expect(first.contains("<a href=\"/console/targets/default/r/t?after=50#dlq\" id=\"next-page\">"))
            let second = text(try await client.execute(uri: "/console/targets/default/r/t?after=50", method: .get))
            #expect(second.components(separatedBy: "<tr data-sequence=").count - 1 == 2)
            #expect(second.contains("<tr data-sequence=\"52\">"))
            #expect(!second.contains("id=\"next-page\""))
            let missing = try await client.execute(uri: "/console/targets/default/r/nope", method: .get)
            #expect(missing.status == .notFound)
            #expect(text(missing).contains("no target &#39;default/r/nope&#39;"))
            let bad = try await client.execute(uri: "/console/targets/default/r/t?after=x", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("the entry page shows the escaped event JSON, every attempt and the action buttons")
    func entry() async throws {
        let fixture = try await ConsoleFixture()
        let sequence = try await fixture.deadLetter(
            id: "evt-1", source: "shop", detail: "{\"note\":\"</pre><script>alert(1)</script>\"}",
            excerpt: "<b>upstream</b> down")
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/console/dlq/default/r/t/\(sequence)", method: .get)
            #expect(response.status == .ok)
            let html = text(response)
            #expect(!html.contains("<script>"))
            #expect(!html.contains("<b>upstream"))
            #expect(html.contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("<dd id=\"event-id\">evt-1</dd>"))
            #expect(html.contains("&lt;b&gt;upstream&lt;/b&gt; down"))
            #expect(html.contains("<td class=\"num\">500</td><td class=\"num\">1.5 ms</td><td>HTTP 500</td>"))
            #expect(html.contains("MaximumRetryAttemptsExceeded"))
            #expect(html.contains("id=\"redrive\""))
            #expect(html.contains("id=\"purge\""))
            #expect(csrfToken(in: html)?.count == 64)
            let missing = try await client.execute(uri: "/console/dlq/default/r/t/999", method: .get)
            #expect(missing.status == .notFound)
            let bad = try await client.execute(uri: "/console/dlq/default/r/t/abc", method: .get)
            #expect(bad.status == .badRequest)
        }
    }
}
