import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import HeraldClient
import HeraldFakeProviders
import HeraldJSON
import HeraldTestSupport
import Testing

/// Scenario B of the brief, end to end through the real server and the committed example configuration:
/// an order event → SMS via (fake) Twilio and email via (fake) Resend → signed receipts back to Herald →
/// verified, correlated DeliveryStatus events routed by the tracking rule to a sink.
@Suite("Scenario B: closed-loop notifications", .serialized, .timeLimit(.minutes(5)))
struct ScenarioBTests {
    @Test("order event → SMS + email → verified receipts → DeliveryStatus events with correlation intact")
    func closedLoop() async throws {
        let twilio = try await FakeTwilio.start()
        let resend = try await FakeResend.start()
        let tracking = try await TestHTTPServer.start()
        let port = try freeLoopbackPort()
        let herald = "http://127.0.0.1:\(port)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-b-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let environment = [
            "TWILIO_ACCOUNT_SID": twilio.accountSID, "TWILIO_AUTH_TOKEN": twilio.authToken, "TWILIO_FROM_NUMBER": "+15550001111",
            "RESEND_API_KEY": "re_fake_0123456789", "RESEND_WEBHOOK_SECRET": resend.webhookSecret, "HERALD_PUBLIC_URL": herald,
            "TWILIO_BASE_URL": twilio.baseURL, "RESEND_BASE_URL": resend.baseURL, "TRACKING_SINK_URL": tracking.baseURL + "/tracking",
        ]
        do {
            try await server.start(
                environment: environment, arguments: ["--config", repository.appendingPathComponent("Examples/config/scenario-b.yaml").path],
                httpPort: port)
            resend.setWebhookURL(herald + "/webhooks/resend")

            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            let eventID = try await producer.put(PutEntry(
                source: "com.app", detailType: "OrderPlaced",
                detail: #"{"order_id":"ord-42","total":99.5,"customer":{"phone":"+15557654321","email":"ann@example.com","name":"Ann"}}"#))
            try await producer.close()

            #expect(await eventually { twilio.messages.count == 1 && resend.emails.count == 1 }, "the SMS and the email were not both sent")
            let sms = try #require(twilio.messages.first)
            #expect(sms.to == "+15557654321")
            #expect(sms.body == "Order ord-42 confirmed, total 99.5.")
            let email = try #require(resend.emails.first)
            #expect(email.body["to"] == ["ann@example.com"])
            #expect(email.body["tags"]?[0]?["value"] == "ord-42")

            _ = await twilio.deliverReceipts()
            _ = await resend.deliverWebhooks()
            let statuses: () -> [JSONValue] = {
                tracking.requests.compactMap { try? JSONValue(parsing: $0.body) }
            }
            #expect(await eventually { Set(statuses().compactMap { $0["detail"]?["provider"]?.stringValue }) == ["twilio", "resend"] },
                    "receipts from both providers did not come back as events: \(statuses().map(\.jsonText))")
            for event in statuses() {
                #expect(event["source"] == "com.notifications")
                #expect(event["detail"]?["origin_event_id"]?.stringValue == eventID)
                #expect(event["detail"]?["correlation_id"]?.stringValue == "ord-42")
                #expect(event["detail"]?["rule"]?.stringValue == "order-fanout")
            }

            // An unsigned (forged) receipt is refused and stores nothing.
            let before = tracking.requests.count
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            var forged = HTTPClientRequest(url: herald + "/webhooks/twilio")
            forged.method = .POST
            forged.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            forged.body = .bytes(ByteBuffer(string: "MessageSid=SM1&MessageStatus=delivered"))
            let response = try await client.execute(forged, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 16)
            try await client.shutdown()
            #expect(response.status.code == 401)
            try await Task.sleep(for: .milliseconds(300))
            #expect(tracking.requests.count == before)
        } catch {
            await server.stop(signal: SIGKILL)
            await twilio.stop()
            await resend.stop()
            try await tracking.shutdown()
            throw error
        }
        #expect(await server.stop(signal: SIGTERM) == 0)
        await twilio.stop()
        await resend.stop()
        try await tracking.shutdown()
    }
}
