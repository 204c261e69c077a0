import Foundation
import HeraldChannels
import HeraldEvents
import HeraldFakeProviders
import HeraldReceipts
import HeraldStorage
import Testing

@Suite("Twilio status callbacks through the live routes", .timeLimit(.minutes(1)))
struct TwilioReceiptRouteTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))

    @Test("signed callbacks are correlated and re-ingested; duplicates, late statuses and forgeries are not")
    func closedLoop() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let store = DispatchRecordStore(catalog: herald.catalog)
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: store, ingestor: ingestor)
        let twilio = try await FakeTwilio.start()
        twilio.setDefaultOutcome(.delivered)
        let configuration = ReceiptConfiguration(twilio: try .init(authTokens: ["old-token", twilio.authToken]))

        try await withReceiptServer(tracker: tracker, configuration: configuration) { base in
            let preset = try TwilioMessagesPreset(
                configuration: .init(
                    accountSID: twilio.accountSID, authToken: twilio.authToken, baseURL: twilio.baseURL,
                    from: "+15550001111", statusCallbackURL: base + "/webhooks/twilio"))
            let response = try await client.send(
                try preset.request(for: .init(to: "+15552223333", body: "P1: db down", correlationID: "INC-42")))
            guard case .success(let sid?, _) = preset.classify(response) else {
                Issue.record("send failed: \(response.status)")
                return
            }
            try store.record(
                DispatchRecord(
                    provider: "twilio", providerMessageID: sid, channel: "sms", originEventID: "evt-1",
                    rule: "InfraP1Alert", target: "oncall-sms", recipient: "+15552223333", correlationID: "INC-42",
                    sentAt: .now))
            #expect(try store.unsettledCount() == 1)

            let attempts = await twilio.deliverReceipts()
            #expect(attempts.map(\.reportedStatus) == ["sent", "delivered"])
            #expect(attempts.allSatisfy { $0.accepted })
            let events = ingestor.events
            #expect(events.map(\.envelope.detailType) == ["DeliveryStatus", "DeliveryStatus"])
            #expect(events.map { $0.detail("status") } == ["sent", "delivered"])
            for event in events {
                #expect(event.envelope.source == "com.notifications")
                #expect(event.eventBusName == "default")
                #expect(event.detail("provider_message_id") == sid)
                #expect(event.detail("origin_event_id") == "evt-1")
                #expect(event.detail("rule") == "InfraP1Alert")
                #expect(event.detail("target") == "oncall-sms")
                #expect(event.detail("correlation_id") == "INC-42")
                #expect(event.detail("recipient") == "+15552223333")
                #expect(event.detail("channel") == "sms")
            }
            #expect(try store.status(provider: "twilio", messageID: sid)?.status == .delivered)
            #expect(try store.unsettledCount() == 0)

            // Twilio retries the same callback: 200, not re-ingested.
            let repeated = try await twilio.sendStatusCallback(sid: sid, status: "delivered")
            #expect(repeated.responseStatus == 200)
            // A late, out-of-order status: accepted, but the stored status does not move back and no event is emitted.
            let late = try await twilio.sendStatusCallback(sid: sid, status: "sending")
            #expect(late.responseStatus == 200)
            #expect(ingestor.events.count == 2)
            #expect(try store.status(provider: "twilio", messageID: sid)?.status == .delivered)
            #expect(try store.hasSeen(.twilio(messageSid: sid, status: "sending")))
            // WhatsApp-style read advances.
            let read = try await twilio.sendStatusCallback(sid: sid, status: "read")
            #expect(read.responseStatus == 200)
            #expect(ingestor.events.last?.envelope.detailType == "Open")
            #expect(try store.status(provider: "twilio", messageID: sid)?.status == .read)

            // A forged callback (wrong token): 401, nothing stored, nothing ingested.
            let url = base + "/webhooks/twilio?cid=INC-42"
            let parameters = [
                FormParameter("MessageSid", sid), FormParameter("MessageStatus", "undelivered"),
                FormParameter("To", "+15552223333"),
            ]
            let forged = ChannelRequest(
                url: url,
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": TwilioSignature.compute(url: url, parameters: parameters, key: "wrong-token"),
                ],
                body: Array(FormURLEncoding.encode(parameters).utf8))
            #expect(try await client.send(forged).status == 401)
            var unsigned = forged
            unsigned.headers.remove("X-Twilio-Signature")
            #expect(try await client.send(unsigned).status == 401)
            #expect(try !store.hasSeen(.twilio(messageSid: sid, status: "undelivered")))
            #expect(try store.status(provider: "twilio", messageID: sid)?.status == .read)
            #expect(ingestor.events.count == 3)

            // The same request correctly signed passes (the URL Twilio signed is base + request target).
            var signed = forged
            signed.headers.set(
                "X-Twilio-Signature", TwilioSignature.compute(url: url, parameters: parameters, key: twilio.authToken))
            #expect(try await client.send(signed).status == 200)
            #expect(ingestor.events.last?.detail("status") == "undelivered")
        }
        await twilio.stop()
    }

    @Test("an ingest failure answers 503 and marks nothing, so the provider's retry is processed")
    func ingestFailure() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let store = DispatchRecordStore(catalog: herald.catalog)
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: store, ingestor: ingestor)
        let twilio = try await FakeTwilio.start()
        twilio.setDefaultOutcome(.noReceipt)
        let configuration = ReceiptConfiguration(twilio: try .init(authTokens: [twilio.authToken]))
        try await withReceiptServer(tracker: tracker, configuration: configuration) { base in
            let preset = try TwilioMessagesPreset(
                configuration: .init(
                    accountSID: twilio.accountSID, authToken: twilio.authToken, baseURL: twilio.baseURL,
                    from: "+15550001111", statusCallbackURL: base + "/webhooks/twilio"))
            let response = try await client.send(try preset.request(for: .init(to: "+15552223333", body: "x")))
            guard case .success(let sid?, _) = preset.classify(response) else {
                Issue.record("send failed")
                return
            }
            ingestor.setFailing(true)
            #expect(try await twilio.sendStatusCallback(sid: sid, status: "delivered").responseStatus == 503)
            #expect(try !store.hasSeen(.twilio(messageSid: sid, status: "delivered")))
            ingestor.setFailing(false)
            #expect(try await twilio.sendStatusCallback(sid: sid, status: "delivered").responseStatus == 200)
            #expect(ingestor.events.count == 1)
            // No dispatch record: the event still goes out, origin fields null.
            #expect(ingestor.events.first?.detail("origin_event_id") == nil)
        }
        await twilio.stop()
    }
}
