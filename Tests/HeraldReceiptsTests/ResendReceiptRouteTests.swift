import Foundation
import HeraldChannels
import HeraldEvents
import HeraldFakeProviders
import HeraldReceipts
import HeraldStorage
import Testing

@Suite("Resend (Svix) webhooks through the live routes", .timeLimit(.minutes(1)))
struct ResendReceiptRouteTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))
    let rotatedOut = "whsec_cm90YXRlZC1vdXQtc2VjcmV0LTAxMjM0NTY3"

    @Test("signed webhooks are correlated via tags; duplicates, stale and forged ones are not ingested")
    func closedLoop() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let store = DispatchRecordStore(catalog: herald.catalog)
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: store, ingestor: ingestor, events: ReceiptEventSettings(eventBusName: "alerts"))
        let resend = try await FakeResend.start(tagsAsArray: true)
        resend.setDefaultOutcome(.opened)
        let configuration = ReceiptConfiguration(
            resend: try ReceiptConfiguration.resendSvix(secrets: [rotatedOut, resend.webhookSecret]))

        try await withReceiptServer(tracker: tracker, configuration: configuration) { base in
            resend.setWebhookURL(base + "/webhooks/resend")
            let preset = try ResendEmailPreset(
                configuration: .init(apiKey: resend.apiKey, baseURL: resend.baseURL, from: "Herald <alerts@example.com>"))
            let response = try await client.send(
                try preset.request(
                    for: .init(
                        to: ["oncall@example.com"], subject: "P1", html: "<p>db</p>", correlationID: "INC-7",
                        idempotencyKey: "evt-7")))
            guard case .success(let emailID?, _) = preset.classify(response) else {
                Issue.record("send failed: \(response.status)")
                return
            }
            try store.record(
                DispatchRecord(
                    provider: "resend", providerMessageID: emailID, channel: "email", originEventID: "evt-7",
                    rule: "InfraP1Alert", target: "oncall-email", recipient: "oncall@example.com", sentAt: .now))

            let attempts = await resend.deliverWebhooks()
            #expect(attempts.map(\.reportedStatus) == ["email.sent", "email.delivered", "email.opened"])
            #expect(attempts.allSatisfy { $0.accepted })
            let events = ingestor.events
            #expect(events.map(\.envelope.detailType) == ["DeliveryStatus", "DeliveryStatus", "Open"])
            #expect(events.map { $0.detail("status") } == ["sent", "delivered", "opened"])
            #expect(events.allSatisfy { $0.eventBusName == "alerts" && $0.detail("correlation_id") == "INC-7" })
            #expect(events.allSatisfy { $0.detail("origin_event_id") == "evt-7" && $0.detail("target") == "oncall-email" })
            #expect(Set(events.map(\.envelope.id)).count == 3)

            // A late `delivered` (new svix id) after `opened`: 200, no event, status stays opened.
            #expect(try await resend.sendWebhook(type: "email.delivered", emailID: emailID).responseStatus == 200)
            #expect(ingestor.events.count == 3)
            #expect(try store.status(provider: "resend", messageID: emailID)?.status == .opened)

            // The same Svix message delivered twice: ingested once.
            let email = try #require(resend.emails.first)
            let body = resend.webhookBody(type: "email.clicked", email: email).jsonBytes
            let now = Int64(Date().timeIntervalSince1970)
            let url = base + "/webhooks/resend"
            let headers = try SvixSecret(resend.webhookSecret).headers(id: "msg_duplicate", timestamp: now, body: body)
            let first = try await client.send(ChannelRequest(url: url, headers: headers, body: body))
            let second = try await client.send(ChannelRequest(url: url, headers: headers, body: body))
            #expect(first.status == 200 && second.status == 200)
            #expect(String(decoding: second.body, as: UTF8.self).contains("duplicate"))
            #expect(ingestor.events.map(\.envelope.detailType).filter { $0 == "Click" }.count == 1)

            // Stale (301 s old), future, or signed with an unknown secret: 401 and nothing stored.
            let staleHeaders = try SvixSecret(resend.webhookSecret).headers(id: "msg_stale", timestamp: now - 301, body: body)
            #expect(try await client.send(ChannelRequest(url: url, headers: staleHeaders, body: body)).status == 401)
            let futureHeaders = try SvixSecret(resend.webhookSecret).headers(id: "msg_future", timestamp: now + 400, body: body)
            #expect(try await client.send(ChannelRequest(url: url, headers: futureHeaders, body: body)).status == 401)
            let forgedHeaders = try SvixSecret("whsec_Zm9yZ2VkLXNlY3JldC0wMTIzNDU2Nzg5").headers(id: "msg_forged", timestamp: now, body: body)
            #expect(try await client.send(ChannelRequest(url: url, headers: forgedHeaders, body: body)).status == 401)
            var tampered = body
            tampered.append(UInt8(ascii: " "))
            let okHeaders = try SvixSecret(resend.webhookSecret).headers(id: "msg_tampered", timestamp: now, body: body)
            #expect(try await client.send(ChannelRequest(url: url, headers: okHeaders, body: tampered)).status == 401)
            for id in ["msg_stale", "msg_future", "msg_forged", "msg_tampered"] {
                #expect(try !store.hasSeen(.svix(messageID: id)))
            }
            #expect(ingestor.events.count == 4)

            // The rotated-out secret still verifies.
            let rotatedHeaders = try SvixSecret(rotatedOut).headers(id: "msg_rotated", timestamp: now, body: body)
            #expect(try await client.send(ChannelRequest(url: url, headers: rotatedHeaders, body: body)).status == 200)
            #expect(try store.hasSeen(.svix(messageID: "msg_rotated")))

            // A verified non-status event is acknowledged with 204 and ignored.
            let contact = Array(#"{"type":"contact.created","created_at":"2026-01-01T00:00:00Z","data":{}}"#.utf8)
            let contactHeaders = try SvixSecret(resend.webhookSecret).headers(id: "msg_contact", timestamp: now, body: contact)
            #expect(try await client.send(ChannelRequest(url: url, headers: contactHeaders, body: contact)).status == 204)
        }
        await resend.stop()
    }

    @Test("the server's injected clock decides staleness: a fake 10 minutes behind gets 401 for every webhook")
    func staleClock() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let store = DispatchRecordStore(catalog: herald.catalog)
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: store, ingestor: ingestor)
        let resend = try await FakeResend.start()
        resend.setDefaultOutcome(.delivered)
        let serverTime = ManualTime(Date().addingTimeInterval(600))
        let configuration = ReceiptConfiguration(resend: try ReceiptConfiguration.resendSvix(secrets: [resend.webhookSecret]))
        try await withReceiptServer(tracker: tracker, configuration: configuration, now: { serverTime.date }) { base in
            resend.setWebhookURL(base + "/webhooks/resend")
            let preset = try ResendEmailPreset(
                configuration: .init(apiKey: resend.apiKey, baseURL: resend.baseURL, from: "alerts@example.com"))
            _ = try await client.send(try preset.request(for: .init(to: ["a@example.com"], subject: "s", text: "t")))
            let attempts = await resend.deliverWebhooks()
            #expect(attempts.count == 2)
            #expect(attempts.allSatisfy { $0.responseStatus == 401 })
            #expect(ingestor.events.isEmpty)
            #expect(try herald.catalog.count(prefix: "receipts/") == 0)
        }
        await resend.stop()
    }
}
