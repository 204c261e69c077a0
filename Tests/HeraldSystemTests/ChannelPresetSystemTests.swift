import Foundation
import HeraldClient
import HeraldFakeProviders
import HeraldJSON
import HeraldTestSupport
import Testing

/// Issue #6's one-line channel presets, end to end through the real server and Examples/config/presets.yaml (which
/// has no hand-written StatusCallback, tags, Content-Type or InputTransformer): an incident → SMS + WhatsApp
/// (fake Twilio), email (fake Resend), a signed DingTalk robot message and a Supabase upsert → signed receipts back
/// to Herald → DeliveryStatus events carrying the incident id and the origin event id.
@Suite("Channel presets: one-line config, closed loop", .serialized, .timeLimit(.minutes(5)))
struct ChannelPresetSystemTests {
    @Test("an incident goes out through five presets and every receipt comes back correlated")
    func presetsClosedLoop() async throws {
        let twilio = try await FakeTwilio.start()
        let resend = try await FakeResend.start()
        let supabase = try await FakeSupabase.start()
        let dingTalk = try await FakeDingTalk.start()
        let tracking = try await TestHTTPServer.start()
        let port = try freeLoopbackPort()
        let herald = "http://127.0.0.1:\(port)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-presets-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let environment = [
            "TWILIO_ACCOUNT_SID": twilio.accountSID, "TWILIO_AUTH_TOKEN": twilio.authToken, "TWILIO_BASE_URL": twilio.baseURL,
            "RESEND_API_KEY": resend.apiKey, "RESEND_WEBHOOK_SECRET": resend.webhookSecret, "RESEND_BASE_URL": resend.baseURL,
            "SUPABASE_URL": supabase.baseURL, "SUPABASE_KEY": supabase.apiKey,
            "DINGTALK_WEBHOOK_URL": dingTalk.webhookURL, "DINGTALK_SECRET": dingTalk.secret ?? "",
            "HERALD_PUBLIC_URL": herald, "TRACKING_SINK_URL": tracking.baseURL + "/tracking",
        ]
        func stopAll() async throws {
            await twilio.stop()
            await resend.stop()
            await supabase.stop()
            await dingTalk.stop()
            try await tracking.shutdown()
        }
        do {
            try await server.start(
                environment: environment, arguments: ["--config", repository.appendingPathComponent("Examples/config/presets.yaml").path],
                httpPort: port)
            resend.setWebhookURL(herald + "/webhooks/resend")

            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            let eventID = try await producer.put(PutEntry(
                source: "com.monitoring", detailType: "Incident",
                detail: #"{"incident_id":"INC-7","severity":1,"title":"db down <primary>","oncall":{"phone":"+15557654321","email":"ann@example.com"}}"#))
            try await producer.close()

            #expect(
                await eventually { twilio.messages.count == 2 && resend.emails.count == 1 && dingTalk.messages.count == 1
                    && supabase.rows(in: "alert_events").count == 1 },
                "not every preset delivered: twilio \(twilio.messages.count), resend \(resend.emails.count), dingtalk \(dingTalk.requests.map(\.uri)), supabase \(supabase.requests.count)")

            // Twilio: form-encoded, whatsapp: prefixes, StatusCallback with the incident id — none of it in the config.
            let sms = try #require(twilio.messages.first { !$0.to.hasPrefix("whatsapp:") })
            #expect(sms.to == "+15557654321")
            #expect(sms.from == "+15550001111")
            #expect(sms.body == "P1 db down <primary>")
            #expect(sms.statusCallback == herald + "/webhooks/twilio?cid=INC-7")
            let whatsapp = try #require(twilio.messages.first { $0.to.hasPrefix("whatsapp:") })
            #expect(whatsapp.to == "whatsapp:+15557654321")
            #expect(whatsapp.from == "whatsapp:+15550002222")
            #expect(whatsapp.body == "Incident: db down <primary>")
            #expect(twilio.requests.allSatisfy { $0.mediaType == "application/x-www-form-urlencoded" })

            // Resend: JSON with the correlation tag, and the event and the target as Idempotency-Key.
            let email = try #require(resend.emails.first)
            #expect(email.body["to"] == ["ann@example.com"])
            #expect(email.body["from"] == "Herald <alerts@example.com>")
            #expect(email.body["subject"] == "P1: db down <primary>")
            #expect(email.body["html"] == "<p>db down <primary></p><p>Incident INC-7</p>")
            #expect(email.tags.contains { $0.name == "correlation_id" && $0.value == "INC-7" })
            #expect(resend.requests.first?.headers["Idempotency-Key"] == eventID + "/default/paging/email")

            // DingTalk: signed URL (the fake checks the signature and answers errcode 0 only when it matches).
            let robot = try #require(dingTalk.requests.first)
            #expect(robot.query.contains { $0.name == "sign" } && robot.query.contains { $0.name == "timestamp" })
            #expect(dingTalk.messages.first?["msgtype"] == "markdown")
            #expect(dingTalk.messages.first?["markdown"]?["title"] == "P1 db down <primary>")

            // Supabase: apikey + Bearer from the connection, Prefer from the preset; numbers stay numbers.
            let insert = try #require(supabase.requests.first)
            #expect(insert.headers["Prefer"] == "return=minimal,resolution=merge-duplicates")
            let row = try #require(supabase.rows(in: "alert_events").first)
            #expect(row["id"] == "INC-7")
            #expect(row["severity"] == 1)
            #expect(row["origin"]?.stringValue == eventID)

            _ = await twilio.deliverReceipts()
            _ = await resend.deliverWebhooks()
            let statuses: () -> [JSONValue] = { tracking.requests.compactMap { try? JSONValue(parsing: $0.body) } }
            let channels: () -> Set<String> = { Set(statuses().compactMap { $0["detail"]?["channel"]?.stringValue }) }
            #expect(
                await eventually { channels() == ["sms", "whatsapp", "email"] },
                "receipts of every channel did not come back as events: \(statuses().map(\.jsonText))")
            for event in statuses() {
                #expect(event["detail-type"] == "DeliveryStatus")
                #expect(event["detail"]?["origin_event_id"]?.stringValue == eventID)
                #expect(event["detail"]?["correlation_id"]?.stringValue == "INC-7")
                #expect(event["detail"]?["rule"]?.stringValue == "paging")
            }
            let targets = Set(statuses().compactMap { $0["detail"]?["target"]?.stringValue })
            #expect(targets == ["sms", "whatsapp", "email"])
        } catch {
            await server.stop(signal: SIGKILL)
            try await stopAll()
            throw error
        }
        #expect(await server.stop(signal: SIGTERM) == 0)
        try await stopAll()
    }
}
