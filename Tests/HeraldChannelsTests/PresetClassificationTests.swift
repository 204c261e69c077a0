import HeraldChannels
import Testing

@Suite("Preset response classification (retry matrix)")
struct PresetClassificationTests {
    static func response(_ status: Int, _ body: String = "", headers: ChannelHeaders = ChannelHeaders())
        -> ProviderResponse
    {
        ProviderResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    @Test("Twilio")
    func twilio() throws {
        let preset = try TwilioMessagesPreset(configuration: .init(accountSID: "AC1", authToken: "t", from: "+1"))
        #expect(
            preset.classify(Self.response(201, "{\"sid\":\"SM0123\",\"status\":\"queued\"}"))
                == .success(providerMessageID: "SM0123", duplicate: false))
        let limited = preset.classify(
            Self.response(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}", headers: ["Retry-After": "2"]))
        #expect(limited == .retryable(reason: "twilio HTTP 429 error 20429: Too Many Requests", retryAfter: .seconds(2)))
        #expect(preset.classify(Self.response(503)).isRetryable)
        #expect(
            preset.classify(Self.response(400, "{\"code\":21211,\"message\":\"The 'To' number is not valid.\",\"status\":400}"))
                == .permanent(reason: "twilio HTTP 400 error 21211: The 'To' number is not valid."))
        for status in [401, 403, 404] {
            #expect(!preset.classify(Self.response(status, "{\"code\":20003}")).isRetryable)
        }
        #expect(preset.classifyTransportFailure("connection reset").isRetryable)
    }

    @Test("Resend: rate 429 vs quota 429, idempotency 409s")
    func resend() throws {
        let preset = try ResendEmailPreset(configuration: .init(apiKey: "re_1", from: "a@b.c"))
        #expect(preset.classify(Self.response(200, "{\"id\":\"49a3999c\"}")) == .success(providerMessageID: "49a3999c", duplicate: false))
        let rate = preset.classify(
            Self.response(429, "{\"statusCode\":429,\"name\":\"rate_limit_exceeded\",\"message\":\"slow\"}", headers: ["retry-after": "1"]))
        #expect(rate == .retryable(reason: "resend HTTP 429 rate_limit_exceeded: slow", retryAfter: .seconds(1)))
        #expect(!preset.classify(Self.response(429, "{\"name\":\"daily_quota_exceeded\",\"message\":\"q\"}")).isRetryable)
        #expect(!preset.classify(Self.response(429, "{\"name\":\"monthly_quota_exceeded\",\"message\":\"q\"}")).isRetryable)
        #expect(preset.classify(Self.response(409, "{\"name\":\"concurrent_idempotent_requests\"}")).isRetryable)
        #expect(!preset.classify(Self.response(409, "{\"name\":\"invalid_idempotent_request\"}")).isRetryable)
        #expect(preset.classify(Self.response(500, "{\"name\":\"application_error\"}")).isRetryable)
        for status in [400, 401, 403, 404, 422, 451] {
            #expect(!preset.classify(Self.response(status, "{\"name\":\"validation_error\"}")).isRetryable)
        }
    }

    @Test("Supabase: 409 on insert is a duplicate success")
    func supabase() throws {
        let insert = try SupabaseInsertPreset(configuration: .init(projectURL: "https://r", apiKey: "k", table: "events"))
        #expect(insert.classify(Self.response(201)) == .success(providerMessageID: nil, duplicate: false))
        #expect(insert.classify(Self.response(200)).isSuccess)
        #expect(
            insert.classify(Self.response(409, "{\"code\":\"23505\",\"message\":\"duplicate key\"}"))
                == .success(providerMessageID: nil, duplicate: true))
        #expect(!insert.classify(Self.response(409, "{\"code\":\"23503\",\"message\":\"fk\"}")).isSuccess)
        for status in [503, 504, 520] { #expect(insert.classify(Self.response(status)).isRetryable) }
        #expect(insert.classify(Self.response(500, "{\"code\":\"40001\",\"message\":\"serialization\"}")).isRetryable)
        #expect(insert.classify(Self.response(500, "{\"code\":\"40P01\",\"message\":\"deadlock\"}")).isRetryable)
        for status in [400, 401, 403, 404] {
            #expect(!insert.classify(Self.response(status, "{\"code\":\"42501\"}")).isRetryable)
        }
        let upsert = try SupabaseInsertPreset(
            configuration: .init(projectURL: "https://r", apiKey: "k", table: "events", mode: .upsertMerge(onConflict: [])))
        #expect(!upsert.classify(Self.response(409, "{\"code\":\"23505\"}")).isSuccess)
    }

    @Test("DingTalk decides from errcode, not HTTP 200")
    func dingTalk() throws {
        let preset = try DingTalkRobotPreset(configuration: .init(webhookURL: "https://h.example/robot/send?access_token=x"))
        #expect(preset.classify(Self.response(200, "{\"errcode\":0,\"errmsg\":\"ok\"}")).isSuccess)
        #expect(
            preset.classify(Self.response(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"))
                == .permanent(reason: "dingtalk errcode 310000: sign not match"))
        #expect(!preset.classify(Self.response(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}")).isRetryable)
        let stale = Self.response(200, "{\"errcode\":310000,\"errmsg\":\"invalid timestamp\"}")
        #expect(preset.classify(stale, context: .init(attempt: 1)).isRetryable)
        #expect(!preset.classify(stale, context: .init(attempt: 2)).isRetryable)
        #expect(
            preset.classify(Self.response(200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}"))
                == .retryable(reason: "dingtalk errcode 130101: send too fast", retryAfter: .seconds(60)))
        #expect(preset.classify(Self.response(200, "{\"errcode\":410100,\"errmsg\":\"limit\"}")).isRetryable)
        #expect(preset.classify(Self.response(200, "{\"errcode\":-1,\"errmsg\":\"busy\"}")).isRetryable)
        #expect(!preset.classify(Self.response(200, "{\"errcode\":300001,\"errmsg\":\"token\"}")).isRetryable)
        #expect(!preset.classify(Self.response(200, "<html>")).isSuccess)
        #expect(preset.classify(Self.response(502)).isRetryable)
        #expect(!preset.classify(Self.response(404)).isRetryable)
    }

    @Test("Lark decides from code")
    func lark() throws {
        let preset = try LarkBotPreset(configuration: .init(webhookURL: "https://h.example/open-apis/bot/v2/hook/t"))
        #expect(preset.classify(Self.response(200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}")).isSuccess)
        #expect(preset.classify(Self.response(200, "{\"StatusCode\":0,\"StatusMessage\":\"success\"}")).isSuccess)
        #expect(preset.classify(Self.response(200, "{\"code\":11232,\"msg\":\"frequency limited\"}")).isRetryable)
        let sign = Self.response(200, "{\"code\":19021,\"msg\":\"sign match fail\"}")
        #expect(preset.classify(sign, context: .init(attempt: 1)).isRetryable)
        #expect(!preset.classify(sign, context: .init(attempt: 2)).isRetryable)
        for code in [9499, 19022, 19024] {
            #expect(!preset.classify(Self.response(200, "{\"code\":\(code),\"msg\":\"x\"}")).isRetryable)
        }
        #expect(!preset.classify(Self.response(400, "{\"code\":9499,\"msg\":\"Bad Request\"}")).isRetryable)
        #expect(preset.classify(Self.response(500, "{\"code\":0}")).isRetryable)
    }

    @Test("Slack")
    func slack() throws {
        let preset = try SlackWebhookPreset(configuration: .init(webhookURL: "https://hooks.slack.com/services/T/B/X"))
        #expect(preset.classify(Self.response(200, "ok")).isSuccess)
        #expect(
            preset.classify(Self.response(429, "rate_limited", headers: ["Retry-After": "30"]))
                == .retryable(reason: "slack HTTP 429: rate_limited", retryAfter: .seconds(30)))
        #expect(preset.classify(Self.response(500, "rollup_error")).isRetryable)
        for (status, body) in [(400, "invalid_payload"), (403, "action_prohibited"), (404, "channel_not_found"), (410, "channel_is_archived")] {
            #expect(preset.classify(Self.response(status, body)) == .permanent(reason: "slack HTTP \(status): \(body)"))
        }
    }
}
