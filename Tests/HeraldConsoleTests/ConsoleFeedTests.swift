import Foundation
import HeraldConsole
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Console events and incidents")
struct ConsoleFeedTests {
    @Test("the events page lists the newest events first, escaped, with a meta refresh")
    func events() async throws {
        let fixture = try await ConsoleFixture()
        for index in 1...12 { try await fixture.append(id: "e\(index)", source: index % 2 == 0 ? "shop" : "billing") }
        try await fixture.append(id: "evil", source: "shop", detail: "{\"x\":\"<script>alert(1)</script>\"}")
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/console/events?limit=5", method: .get)
            #expect(response.status == .ok)
            let html = text(response)
            #expect(html.contains("<meta http-equiv=\"refresh\" content=\"5\">"))
            let sequences = html.components(separatedBy: "<tr data-sequence=\"").dropFirst().compactMap { $0.split(separator: "\"").first }
            #expect(sequences == ["13", "12", "11", "10", "9"])
            #expect(!html.contains("<script>"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("The newest 5 event(s), newest first (5 examined)."))
        }
    }

    @Test("the events page filters by an EventBridge pattern, can stop refreshing, and explains a bad pattern")
    func filter() async throws {
        let fixture = try await ConsoleFixture()
        for index in 1...600 { try await fixture.append(id: "e\(index)", source: index % 100 == 0 ? "billing" : "shop") }
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let pattern = "{\"source\":[\"billing\"]}".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let html = text(try await client.execute(uri: "/console/events?pattern=\(pattern)&limit=10&refresh=0", method: .get))
            let sequences = html.components(separatedBy: "<tr data-sequence=\"").dropFirst().compactMap { $0.split(separator: "\"").first }
            #expect(sequences == ["600", "500", "400", "300", "200", "100"])
            #expect(!html.contains("http-equiv=\"refresh\""))
            #expect(html.contains("matching the pattern"))
            #expect(html.contains("(600 examined)"))
            #expect(html.contains("{&quot;source&quot;:[&quot;billing&quot;]}</textarea>"))

            let spaced = text(try await client.execute(uri: "/console/events?pattern=%7B%22source%22:+%5B%22billing%22%5D%7D&limit=1", method: .get))
            #expect(spaced.contains("<tr data-sequence=\"600\">"))

            let bad = try await client.execute(uri: "/console/events?pattern=%7B%22source%22%3A1%7D", method: .get)
            #expect(bad.status == .badRequest)
            #expect(text(bad).contains("invalid pattern"))
            let badLimit = text(try await client.execute(uri: "/console/events?limit=100000", method: .get))
            #expect(badLimit.contains("limit must be 1...500"))
        }
    }

    @Test("an incident's timeline renders the source's rows in order, escaped, with target links")
    func incident() async throws {
        let fixture = try await ConsoleFixture()
        let incidents = RecordedIncidents(rows: [
            "inc-42": [
                ConsoleTimelineEntry(time: ConsoleFixture.start, kind: "event", summary: "OrderPlaced arrived", eventID: "e1"),
                ConsoleTimelineEntry(
                    time: ConsoleFixture.start + 1500, kind: "dispatch", summary: "sent to <slack>", status: "failed",
                    detail: "{\"ok\":false,\"error\":\"<channel_not_found>\"}", eventID: "e1", target: "default/r/t"),
                ConsoleTimelineEntry(
                    time: ConsoleFixture.start + 60_000, kind: "receipt", summary: "delivered", status: "delivered",
                    channel: "sms", recipient: "+15550100", target: "oncall-sms"),
            ]
        ])
        let app = Application(router: try fixture.router(incidents: incidents))
        try await app.test(.router) { client in
            let lookup = try await client.execute(uri: "/console/incidents?id=inc-42", method: .get)
            #expect(lookup.status == .seeOther)
            #expect(lookup.headers[.location] == "/console/incidents/inc-42")
            let response = try await client.execute(uri: "/console/incidents/inc-42", method: .get)
            #expect(response.status == .ok)
            let html = text(response)
            let kinds = html.components(separatedBy: "<tr class=\"kind-").dropFirst().compactMap { $0.split(separator: "\"").first }
            #expect(kinds == ["event", "dispatch", "receipt"])
            #expect(html.contains("<td>2026-11-18T11:06:41.500Z</td><td class=\"num\">+1.5s</td><td>dispatch</td><td>failed</td>"))
            #expect(html.contains("<td class=\"num\">+1m 0s</td><td>receipt</td><td>delivered</td><td>sms → +15550100</td>"))
            #expect(html.contains("<td>oncall-sms</td></tr>"))
            #expect(html.contains("sent to &lt;slack&gt;"))
            #expect(html.contains("&lt;channel_not_found&gt;"))
            #expect(html.contains("<a href=\"/console/targets/default/r/t\">default/r/t</a>"))
            #expect(!html.contains("<slack>"))
            let unknown = text(try await client.execute(uri: "/console/incidents/inc-0", method: .get))
            #expect(unknown.contains("No recorded steps for this incident."))
            let form = text(try await client.execute(uri: "/console/incidents", method: .get))
            #expect(form.contains("id=\"incident-lookup\""))
        }
    }

    @Test("without an incident source the page says so")
    func noLedger() async throws {
        let fixture = try await ConsoleFixture()
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/console/incidents/inc-1", method: .get)
            #expect(response.status == .notFound)
            #expect(text(response).contains("no incident ledger"))
        }
    }
}
