import Foundation
import HeraldChannels
import HeraldFakeProviders
import HeraldJSON
import Testing

@Suite("Fake DingTalk, Lark and Slack over loopback HTTP", .timeLimit(.minutes(1)))
struct FakeBotTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))

    @Test("DingTalk: signed send → errcode 0; bad signature → HTTP 200 + errcode 310000")
    func dingTalk() async throws {
        let now = Date()
        let robot = try await FakeDingTalk.start(keywords: ["ALERT"], clock: { now })
        let preset = try DingTalkRobotPreset(configuration: .init(webhookURL: robot.webhookURL, secret: robot.secret))
        let ok = try await client.send(preset.request(for: .text("ALERT: order 12000"), now: now))
        #expect(ok.status == 200)
        #expect(try JSONValue(parsing: ok.body) == ["errcode": 0, "errmsg": "ok"])
        #expect(preset.classify(ok).isSuccess)
        #expect(robot.messages.count == 1)

        let wrongSecret = try DingTalkRobotPreset(configuration: .init(webhookURL: robot.webhookURL, secret: "SECwrong"))
        let bad = try await client.send(wrongSecret.request(for: .text("ALERT"), now: now))
        #expect(bad.status == 200)
        #expect(try JSONValue(parsing: bad.body) == ["errcode": 310000, "errmsg": "sign not match"])
        #expect(preset.classify(bad) == .permanent(reason: "dingtalk errcode 310000: sign not match"))

        // Encoding the sign twice is the classic mistake.
        var doubleEncoded = preset.request(for: .text("ALERT"), now: now)
        doubleEncoded.url = doubleEncoded.url.replacingOccurrences(of: "%", with: "%25")
        #expect(try JSONValue(parsing: try await client.send(doubleEncoded).body)["errcode"] == 310000)

        let stale = try await client.send(preset.request(for: .text("ALERT"), now: now.addingTimeInterval(-3700)))
        #expect(try JSONValue(parsing: stale.body)["errmsg"] == "invalid timestamp")
        #expect(preset.classify(stale).isRetryable)

        let noKeyword = try await client.send(preset.request(for: .text("hello"), now: now))
        #expect(try JSONValue(parsing: noKeyword.body)["errmsg"] == "keywords not in content")

        for _ in 0..<19 { _ = try await client.send(preset.request(for: .text("ALERT"), now: now)) }
        let tooFast = try await client.send(preset.request(for: .text("ALERT"), now: now))
        #expect(try JSONValue(parsing: tooFast.body)["errcode"] == 130101)
        #expect(preset.classify(tooFast).isRetryable)
        await robot.stop()
    }

    @Test("Lark: signed body → code 0; bad signature → 19021; card must be top-level")
    func lark() async throws {
        let now = Date()
        let bot = try await FakeLark.start(clock: { now })
        let preset = try LarkBotPreset(configuration: .init(webhookURL: bot.webhookURL, secret: bot.secret))
        let ok = try await client.send(try preset.request(for: .text("ALERT"), now: now))
        #expect(ok.status == 200)
        #expect(try JSONValue(parsing: ok.body)["code"] == 0)
        #expect(preset.classify(ok).isSuccess)
        let card = try await client.send(try preset.request(for: .interactive(card: ["schema": "2.0", "body": [:]]), now: now))
        #expect(preset.classify(card).isSuccess)
        let misplaced = try await client.send(
            try preset.request(for: .raw(["msg_type": "interactive", "content": ["card": [:]]]), now: now))
        #expect(try JSONValue(parsing: misplaced.body)["code"] == 9499)
        #expect(!preset.classify(misplaced).isRetryable)

        let wrong = try LarkBotPreset(configuration: .init(webhookURL: bot.webhookURL, secret: "other"))
        let bad = try await client.send(try wrong.request(for: .text("x"), now: now))
        #expect(bad.status == 200)
        #expect(try JSONValue(parsing: bad.body)["code"] == 19021)
        #expect(wrong.classify(bad, context: .init(attempt: 2)) == .permanent(
            reason: "lark HTTP 200 code 19021: sign match fail or timestamp is not within one hour from current time"))

        for _ in 0..<3 { _ = try await client.send(try preset.request(for: .text("x"), now: now)) }
        let limited = try await client.send(try preset.request(for: .text("x"), now: now))
        #expect(try JSONValue(parsing: limited.body)["code"] == 11232)
        #expect(preset.classify(limited).isRetryable)
        #expect(bot.messages.count == 5)
        await bot.stop()
    }

    @Test("Slack: ok, no_text, scripted 429")
    func slack() async throws {
        let slack = try await FakeSlack.start()
        let preset = try SlackWebhookPreset(configuration: .init(webhookURL: slack.webhookURL))
        let ok = try await client.send(preset.request(text: "deploy done"))
        #expect(ok.status == 200 && String(decoding: ok.body, as: UTF8.self) == "ok")
        #expect(preset.classify(ok).isSuccess)
        let empty = try await client.send(preset.request(body: Array("{}".utf8)))
        #expect(empty.status == 400)
        #expect(!preset.classify(empty).isRetryable)
        slack.failNextPost(status: 429, error: "rate_limited", retryAfter: 1)
        let limited = try await client.send(preset.request(text: "x"))
        #expect(preset.classify(limited) == .retryable(reason: "slack HTTP 429: rate_limited", retryAfter: .seconds(1)))
        let wrongPath = try await client.send(ChannelRequest(url: slack.webhookURL + "x", headers: [:], body: Array("{\"text\":\"x\"}".utf8)))
        #expect(wrongPath.status == 404)
        await slack.stop()
    }

    @Test("the loopback client refuses non-loopback hosts")
    func loopbackOnly() async {
        await #expect(throws: FakeProviderError.nonLoopbackHost("example.com")) {
            try await client.send(ChannelRequest(url: "http://example.com/x", headers: [:], body: []))
        }
        await #expect(throws: FakeProviderError.invalidURL("https://127.0.0.1/x")) {
            try await client.send(ChannelRequest(url: "https://127.0.0.1/x", headers: [:], body: []))
        }
    }
}
