import Foundation
import HeraldConsole
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Console authentication")
struct ConsoleAuthTests {
    static let token = "s3cret-token"

    @Test("without credentials pages redirect to the login form; a wrong bearer token gets 401; the right one passes")
    func gate() async throws {
        let fixture = try await ConsoleFixture()
        let app = Application(router: try fixture.router(token: Self.token))
        try await app.test(.router) { client in
            let anonymous = try await client.execute(uri: "/console/targets/default/r/t?after=1", method: .get)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/console/login?next=/console/targets/default/r/t%3Fafter%3D1")
            let wrong = try await client.execute(
                uri: "/console", method: .get, headers: [.authorization: "Bearer nope"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.wwwAuthenticate] == "Bearer")
            #expect(!text(wrong).contains("default/r/t"))
            let right = try await client.execute(
                uri: "/console", method: .get, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(right.status == .ok)
            #expect(text(right).contains("default/r/t"))
            let events = try await client.execute(uri: "/console/events", method: .get)
            #expect(events.status == .seeOther)
            let post = try await client.execute(
                uri: "/console/actions/purge", method: .post, headers: formHeaders(),
                body: formBody([("target", ConsoleFixture.target), ("confirm", "yes")]))
            #expect(post.status == .unauthorized)
        }
    }

    @Test("the login form sets an HttpOnly SameSite=Strict cookie that is not the token; a wrong token is refused")
    func login() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.deadLetter(id: "e1", source: "shop")
        let app = Application(router: try fixture.router(token: Self.token))
        try await app.test(.router) { client in
            let form = try await client.execute(uri: "/console/login?next=/console/targets/default/r/t", method: .get)
            #expect(form.status == .ok)
            let csrf = try #require(csrfToken(in: text(form)))
            #expect(text(form).contains("name=\"next\" value=\"/console/targets/default/r/t\""))

            let refused = try await client.execute(
                uri: "/console/login", method: .post, headers: formHeaders(),
                body: formBody([("csrf", csrf), ("token", "guess"), ("next", "/console")]))
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.setCookie] == nil)
            #expect(text(refused).contains("That is not the admin token."))

            let noCSRF = try await client.execute(
                uri: "/console/login", method: .post, headers: formHeaders(),
                body: formBody([("token", Self.token), ("next", "/console")]))
            #expect(noCSRF.status == .forbidden)
            #expect(noCSRF.headers[.setCookie] == nil)

            let accepted = try await client.execute(
                uri: "/console/login", method: .post, headers: formHeaders(),
                body: formBody([("csrf", csrf), ("token", Self.token), ("next", "/console/targets/default/r/t")]))
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location] == "/console/targets/default/r/t")
            let setCookie = try #require(accepted.headers[.setCookie])
            #expect(setCookie.hasPrefix("herald_console="))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Path=/console"))
            #expect(!setCookie.contains(Self.token))
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))

            let page = try await client.execute(uri: "/console/targets/default/r/t", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(text(page).contains("<dd id=\"dlq-size\">1</dd>"))
            #expect(text(page).contains("action=\"/console/logout\""))

            let forged = try await client.execute(
                uri: "/console", method: .get, headers: [.cookie: "herald_console=" + String(repeating: "0", count: 64)])
            #expect(forged.status == .seeOther)

            let logout = try await client.execute(
                uri: "/console/logout", method: .post, headers: formHeaders(cookie: cookie), body: formBody([("csrf", csrf)]))
            #expect(logout.status == .seeOther)
            #expect(logout.headers[.setCookie]?.contains("Max-Age=0") == true)
        }
    }

    @Test("the login form never redirects off the console")
    func openRedirect() async throws {
        let fixture = try await ConsoleFixture()
        let app = Application(router: try fixture.router(token: Self.token))
        try await app.test(.router) { client in
            let csrf = try #require(csrfToken(in: text(try await client.execute(uri: "/console/login", method: .get))))
            for next in ["https://evil.example/", "//evil.example/console", "/admin/status", "/console\r\nX: y"] {
                let response = try await client.execute(
                    uri: "/console/login", method: .post, headers: formHeaders(),
                    body: formBody([("csrf", csrf), ("token", Self.token), ("next", next)]))
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/console")
            }
        }
    }

    @Test("without a token (developer mode) every page is open and the login page goes straight on")
    func developerMode() async throws {
        let fixture = try await ConsoleFixture()
        let app = Application(router: try fixture.router())
        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/console", method: .get).status == .ok)
            let login = try await client.execute(uri: "/console/login?next=/console/events", method: .get)
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/console/events")
            #expect(!text(try await client.execute(uri: "/console", method: .get)).contains("/console/logout"))
        }
    }
}
