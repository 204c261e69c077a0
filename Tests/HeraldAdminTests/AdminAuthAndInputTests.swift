import Foundation
import HeraldAdmin
import HeraldStorage
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Admin auth and input validation")
struct AdminAuthAndInputTests {
    @Test("with a token, requests without it or with a wrong one get 401; the right one passes")
    func auth() async throws {
        let fixture = try await AdminFixture()
        let app = Application(router: fixture.router(token: "s3cret-token"))
        try await app.test(.router) { client in
            let missing = try await client.execute(uri: "/admin/status", method: .get)
            #expect(missing.status == .unauthorized)
            #expect(try decode(AdminErrorBody.self, missing.body).error == "Unauthorized")
            let wrong = try await client.execute(uri: "/admin/status", method: .get, headers: [.authorization: "Bearer s3cret-tokem"])
            #expect(wrong.status == .unauthorized)
            let basic = try await client.execute(uri: "/admin/status", method: .get, headers: [.authorization: "Basic s3cret-token"])
            #expect(basic.status == .unauthorized)
            let post = try await client.execute(
                uri: "/admin/dlq/purge", method: .post, headers: [.authorization: "Bearer nope"], body: jsonBody(#"{"target":"default/r/t"}"#))
            #expect(post.status == .unauthorized)
            let right = try await client.execute(uri: "/admin/status", method: .get, headers: [.authorization: "Bearer s3cret-token"])
            #expect(right.status == .ok)
        }
    }

    @Test("constant-time comparison agrees with equality")
    func compare() {
        #expect(AdminAuthorization.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!AdminAuthorization.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!AdminAuthorization.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!AdminAuthorization.constantTimeEqual([], Array("a".utf8)))
        #expect(AdminAuthorization(token: nil).allows(authorizationHeader: nil))
    }

    @Test(
        "bad input is a 400 with a clear message",
        arguments: [
            ("/admin/dlq?limit=0", "limit"),
            ("/admin/dlq?limit=abc", "limit"),
            ("/admin/dlq?since=yesterday", "since"),
            ("/admin/dlq?after=3", "after"),
            ("/admin/dlq?target=only-one-part", "BUS/RULE/TARGET_ID"),
            ("/admin/dlq/entry?target=default/r/t", "sequence"),
            ("/admin/dlq/entry?target=default/r/t&sequence=-1", "sequence"),
        ])
    func badQuery(uri: String, mentions: String) async throws {
        let fixture = try await AdminFixture()
        let app = Application(router: fixture.router())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .badRequest)
            let body = try decode(AdminErrorBody.self, response.body)
            #expect(body.error == "BadRequest")
            #expect(body.message.contains(mentions))
        }
    }

    @Test(
        "bad action bodies are a 400; an unknown target is a 404",
        arguments: [
            ("not json", 400, "JSON"),
            ("[]", 400, "object"),
            (#"{"sequences":[1]}"#, 400, "target"),
            (#"{"target":"default/r/t","sequences":[-1]}"#, 400, "sequences"),
            (#"{"target":"default/r/t","sequences":[]}"#, 400, "sequences"),
            (#"{"target":"default/r/t","filter":{"source":"shop"}}"#, 400, "filter"),
            (#"{"target":"default/r/t","filter":42}"#, 400, "filter"),
            (#"{"target":"default/r/t","dryRun":"yes"}"#, 400, "dryRun"),
            (#"{"target":"default/r/t","bogus":1}"#, 400, "bogus"),
            (#"{"target":"default/missing/t"}"#, 404, "default/missing/t"),
        ])
    func badBody(body: String, status: Int, mentions: String) async throws {
        let fixture = try await AdminFixture()
        try await fixture.deadLetter(id: "e1", source: "shop")
        let app = Application(router: fixture.router())
        try await app.test(.router) { client in
            for path in ["/admin/dlq/redrive", "/admin/dlq/purge"] {
                let response = try await client.execute(uri: path, method: .post, body: jsonBody(body))
                #expect(Int(response.status.code) == status)
                #expect(try decode(AdminErrorBody.self, response.body).message.contains(mentions))
            }
            #expect(try fixture.store.consumers.deadLetterCount(fixture.target.id) == 1)
        }
    }

    @Test("since accepts ISO 8601, epoch milliseconds and relative ages")
    func sinceParsing() {
        let now: UInt64 = 1_795_000_000_000
        #expect(AdminTime.parse("1700000000000", now: now) == 1_700_000_000_000)
        #expect(AdminTime.parse("15m", now: now) == now - 900_000)
        #expect(AdminTime.parse("2h", now: now) == now - 7_200_000)
        #expect(AdminTime.parse("2026-11-22T17:00:00Z", now: now) == 1_795_366_800_000)
        #expect(AdminTime.parse("soon", now: now) == nil)
        #expect(AdminTime.parse("", now: now) == nil)
    }
}
