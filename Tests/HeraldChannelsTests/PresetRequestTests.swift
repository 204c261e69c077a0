import Foundation
import HeraldChannels
import HeraldJSON
import Testing

@Suite("Preset request building")
struct PresetRequestTests {
    static let now = Date(timeIntervalSince1970: 1_577_808_000)

    @Test("Twilio SMS: form-encoded, Basic auth, StatusCallback with correlation id")
    func twilioSMS() throws {
        let preset = try TwilioMessagesPreset(
            configuration: .init(
                accountSID: "AC123", authToken: "tok", from: "+15550001111",
                statusCallbackURL: "https://herald.example.com/webhooks/twilio"))
        let request = try preset.request(
            for: .init(to: "+15552223333", body: "P1: db down & out", correlationID: "inc 42/a"))
        #expect(request.method == "POST")
        #expect(request.url == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json")
        #expect(request.headers["authorization"] == "Basic " + Data("AC123:tok".utf8).base64EncodedString())
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        let form = FormURLEncoding.decode(request.body)
        #expect(form.map(\.name) == ["To", "From", "Body", "StatusCallback"])
        #expect(form[2].value == "P1: db down & out")
        #expect(form[3].value == "https://herald.example.com/webhooks/twilio?cid=inc+42%2Fa")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.contains("Body=P1%3A+db+down+%26+out"))
        #expect(BasicAuth.decode(request.headers["Authorization"] ?? "")?.password == "tok")
    }

    @Test("Twilio WhatsApp prefixes both addresses; MessagingServiceSid instead of From")
    func twilioWhatsApp() throws {
        let preset = try TwilioMessagesPreset(
            configuration: .init(accountSID: "AC1", authToken: "t", apiKeySID: "SK9", from: "+15550001111"))
        let request = try preset.request(for: .init(to: "+15552229999", body: "hi", channel: .whatsapp))
        let form = FormURLEncoding.decode(request.body)
        #expect(form.first { $0.name == "To" }?.value == "whatsapp:+15552229999")
        #expect(form.first { $0.name == "From" }?.value == "whatsapp:+15550001111")
        #expect(BasicAuth.decode(request.headers["Authorization"] ?? "")?.username == "SK9")
        #expect(!form.contains { $0.name == "StatusCallback" })

        let service = try TwilioMessagesPreset(
            configuration: .init(accountSID: "AC1", authToken: "t", messagingServiceSID: "MG1"))
        let viaService = try service.request(for: .init(to: "+1555", mediaURLs: ["https://e.example/a.png"]))
        #expect(FormURLEncoding.decode(viaService.body).map(\.name) == ["To", "MessagingServiceSid", "MediaUrl"])
    }

    @Test("Twilio rejects invalid messages and callback hosts")
    func twilioInvalid() throws {
        let preset = try TwilioMessagesPreset(configuration: .init(accountSID: "AC1", authToken: "t", from: "+1"))
        #expect(throws: ChannelConfigurationError.self) { try preset.request(for: .init(to: "+1555")) }
        #expect(throws: ChannelConfigurationError.self) {
            try preset.request(for: .init(to: "+1555", body: String(repeating: "x", count: 1601)))
        }
        let noSender = try TwilioMessagesPreset(configuration: .init(accountSID: "AC1", authToken: "t"))
        #expect(throws: ChannelConfigurationError.self) { try noSender.request(for: .init(to: "+1", body: "x")) }
        #expect(throws: ChannelConfigurationError.self) {
            try TwilioMessagesPreset(
                configuration: .init(accountSID: "AC1", authToken: "t", statusCallbackURL: "https://bad_host.example/cb"))
        }
    }

    @Test("Resend: JSON, Bearer, tags with the correlation id, Idempotency-Key")
    func resend() throws {
        let preset = try ResendEmailPreset(configuration: .init(apiKey: "re_123", from: "Herald <alerts@example.com>"))
        let request = try preset.request(
            for: .init(
                to: ["oncall@example.com"], subject: "P1", html: "<b>db</b>", tags: [.init(name: "kind", value: "p1")],
                correlationID: "INC-42", idempotencyKey: "evt-1"))
        #expect(request.url == "https://api.resend.com/emails")
        #expect(request.headers["Authorization"] == "Bearer re_123")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Idempotency-Key"] == "evt-1")
        let json = try JSONValue(parsing: request.body)
        #expect(json["from"] == "Herald <alerts@example.com>")
        #expect(json["to"] == ["oncall@example.com"])
        #expect(json["html"] == "<b>db</b>")
        #expect(json["tags"] == [["name": "kind", "value": "p1"], ["name": "correlation_id", "value": "INC-42"]])
        // A correlation id Resend would refuse travels hex-encoded (and reads back); other tags must be valid as they are.
        let spaced = try preset.request(for: .init(to: ["a@b.c"], subject: "s", correlationID: "has space"))
        #expect(try JSONValue(parsing: spaced.body)["tags"] == [["name": "correlation_id", "value": "hx-686173207370616365"]])
        #expect(ResendCorrelationTag.id(fromValue: "hx-686173207370616365") == "has space")
        #expect(throws: ChannelConfigurationError.self) {
            try preset.request(for: .init(to: ["a@b.c"], subject: "s", tags: [ChannelHeader(name: "k", value: "has space")]))
        }
        #expect(throws: ChannelConfigurationError.self) { try preset.request(for: .init(to: [], subject: "s")) }
    }

    @Test("Supabase insert and upsert headers")
    func supabase() throws {
        let insert = try SupabaseInsertPreset(
            configuration: .init(projectURL: "https://ref.supabase.co/", apiKey: "sb_secret_x", table: "events"))
        let request = try insert.request(rows: ["id": "e1", "amount": 12000])
        #expect(request.url == "https://ref.supabase.co/rest/v1/events")
        #expect(request.headers["apikey"] == "sb_secret_x")
        #expect(request.headers["Authorization"] == "Bearer sb_secret_x")
        #expect(request.headers["Prefer"] == "return=minimal")
        #expect(String(decoding: request.body, as: UTF8.self) == "{\"id\":\"e1\",\"amount\":12000}")

        let upsert = try SupabaseInsertPreset(
            configuration: .init(
                projectURL: "https://ref.supabase.co", apiKey: "anon", bearerToken: "jwt", table: "alert_events",
                mode: .upsertMerge(onConflict: ["incident_id", "channel"])))
        let upsertRequest = try upsert.request(rows: [["incident_id": "i", "channel": "sms"]])
        #expect(upsertRequest.url == "https://ref.supabase.co/rest/v1/alert_events?on_conflict=incident_id,channel")
        #expect(upsertRequest.headers["Prefer"] == "return=minimal,resolution=merge-duplicates")
        #expect(upsertRequest.headers["Authorization"] == "Bearer jwt")
        #expect(throws: ChannelConfigurationError.self) { try upsert.request(rows: [1, 2]) }
        #expect(throws: ChannelConfigurationError.self) {
            try SupabaseInsertPreset(configuration: .init(projectURL: "https://r", apiKey: "k", table: "a/b"))
        }
    }

    @Test("DingTalk text/markdown/actionCard bodies and signed URL")
    func dingTalk() throws {
        let preset = try DingTalkRobotPreset(
            configuration: .init(
                webhookURL: "https://oapi.dingtalk.com/robot/send?access_token=ACCESS_TOKEN", secret: "this is secret"))
        let request = preset.request(
            for: .text("ALERT @18000000000", mentions: .init(atMobiles: ["18000000000"])), now: Self.now)
        #expect(
            request.url
                == "https://oapi.dingtalk.com/robot/send?access_token=ACCESS_TOKEN&timestamp=1577808000000"
                + "&sign=ijHEivi6YiCNPZOq4hZstmvZ3sPfbioAiMhP30ae7W0%3D")
        let json = try JSONValue(parsing: request.body)
        #expect(json["msgtype"] == "text")
        #expect(json["text"]?["content"] == "ALERT @18000000000")
        #expect(json["at"]?["atMobiles"] == ["18000000000"])
        #expect(json["at"]?["isAtAll"] == false)

        let markdown = DingTalkRobotPreset.body(for: .markdown(title: "t", text: "#### md"))
        #expect(markdown["markdown"]?["title"] == "t")
        let card = DingTalkRobotPreset.body(
            for: .actionCard(title: "t", text: "x", singleTitle: "Open", singleURL: "https://e.example"))
        #expect(card["actionCard"]?["singleURL"] == "https://e.example")
        #expect(card["actionCard"]?["btnOrientation"] == "0")
        let buttons = DingTalkRobotPreset.body(
            for: .actionCardButtons(title: "t", text: "x", buttons: [.init(title: "A", actionURL: "u")], horizontal: true))
        #expect(buttons["actionCard"]?["btns"] == [["title": "A", "actionURL": "u"]])
        #expect(buttons["actionCard"]?["btnOrientation"] == "1")

        let unsigned = try DingTalkRobotPreset(configuration: .init(webhookURL: "https://h.example/send?access_token=x"))
        #expect(unsigned.request(body: Array("{}".utf8), now: Self.now).url == "https://h.example/send?access_token=x")
    }

    @Test("Lark text/post/interactive with signature in the body")
    func lark() throws {
        let preset = try LarkBotPreset(
            configuration: .init(webhookURL: "https://open.feishu.cn/open-apis/bot/v2/hook/tok", secret: "demo"))
        let request = try preset.request(for: .text("request example"), now: Date(timeIntervalSince1970: 1_599_360_473))
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "{\"timestamp\":\"1599360473\",\"sign\":\"l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=\","
                + "\"msg_type\":\"text\",\"content\":{\"text\":\"request example\"}}")
        #expect(request.url == "https://open.feishu.cn/open-apis/bot/v2/hook/tok")

        let post = LarkBotPreset.body(for: .post(title: "T", content: [[["tag": "text", "text": "hi"]]]))
        #expect(post["content"]?["post"]?["zh_cn"]?["content"] == [[["tag": "text", "text": "hi"]]])
        let card = LarkBotPreset.body(for: .interactive(card: ["schema": "2.0"]))
        #expect(card["card"]?["schema"] == "2.0")
        #expect(card["content"] == nil)
        #expect(throws: ChannelConfigurationError.self) {
            try preset.request(for: .raw(.string(String(repeating: "x", count: 10))), now: Self.now)
        }
        let transformed = try preset.request(
            body: Array("{\"msg_type\":\"text\",\"content\":{\"text\":\"ALERT: x\"},\"sign\":\"stale\"}".utf8),
            now: Date(timeIntervalSince1970: 1_599_360_473))
        #expect(
            String(decoding: transformed.body, as: UTF8.self)
                == "{\"timestamp\":\"1599360473\",\"sign\":\"l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=\","
                + "\"msg_type\":\"text\",\"content\":{\"text\":\"ALERT: x\"}}")
        #expect(throws: ChannelConfigurationError.self) { try preset.request(body: Array("{".utf8), now: Self.now) }
    }

    @Test("Slack text and blocks")
    func slack() throws {
        let preset = try SlackWebhookPreset(configuration: .init(webhookURL: "https://hooks.slack.com/services/T/B/X"))
        let request = preset.request(text: "hi", blocks: [["type": "section"]])
        #expect(String(decoding: request.body, as: UTF8.self) == "{\"text\":\"hi\",\"blocks\":[{\"type\":\"section\"}]}")
        #expect(request.headers["Content-Type"] == "application/json")
    }

    @Test("documented rate limits")
    func rateLimits() throws {
        #expect(ProviderRateLimit.dingTalk.windows == [RateWindow(limit: 20, seconds: 60)])
        #expect(ProviderRateLimit.lark.windows.count == 2)
        #expect(ProviderRateLimit.lark.sustainedPerSecond ?? 0 < 2)
        #expect(ProviderRateLimit.slack.sustainedPerSecond == 1)
        #expect(ProviderRateLimit.resend.sustainedPerSecond == 5)
        #expect(ProviderRateLimit.twilio.maxConcurrentRequests == 100)
    }
}
