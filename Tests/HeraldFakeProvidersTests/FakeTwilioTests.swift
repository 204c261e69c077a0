import Foundation
import HeraldChannels
import HeraldFakeProviders
import HeraldJSON
import Testing

@Suite("Fake Twilio over loopback HTTP", .timeLimit(.minutes(1)))
struct FakeTwilioTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))

    @Test("form + Basic auth → 201 with sid; JSON body → 400; bad auth → 401 20003")
    func send() async throws {
        let twilio = try await FakeTwilio.start()
        let preset = try TwilioMessagesPreset(
            configuration: .init(
                accountSID: twilio.accountSID, authToken: twilio.authToken, baseURL: twilio.baseURL, from: "+15550001111"))
        let request = try preset.request(for: .init(to: "+15552223333", body: "hello"))
        let response = try await client.send(request)
        #expect(response.status == 201)
        let json = try JSONValue(parsing: response.body)
        let sid = try #require(json["sid"]?.stringValue)
        #expect(sid.hasPrefix("SM") && sid.count == 34)
        #expect(json["status"] == "queued")
        #expect(json["to"] == "+15552223333")
        #expect(preset.classify(response) == .success(providerMessageID: sid, duplicate: false))

        var jsonRequest = request
        jsonRequest.headers.set("Content-Type", "application/json")
        jsonRequest.body = Array("{\"To\":\"+15552223333\",\"From\":\"+15550001111\",\"Body\":\"x\"}".utf8)
        let rejected = try await client.send(jsonRequest)
        #expect(rejected.status == 400)
        #expect(try JSONValue(parsing: rejected.body)["code"] == 21604)
        #expect(!preset.classify(rejected).isRetryable)

        var badAuth = request
        badAuth.headers.set("Authorization", BasicAuth.header(username: twilio.accountSID, password: "wrong"))
        let unauthorized = try await client.send(badAuth)
        #expect(unauthorized.status == 401)
        #expect(try JSONValue(parsing: unauthorized.body)["code"] == 20003)

        let invalidTo = try await client.send(try preset.request(for: .init(to: "+1", body: "x")))
        #expect(try JSONValue(parsing: invalidTo.body)["code"] == 21211)

        twilio.failNextSend(status: 429, code: 20429, message: "Too Many Requests")
        let limited = try await client.send(request)
        #expect(limited.status == 429)
        #expect(preset.classify(limited).isRetryable)

        #expect(twilio.messages.count == 1)
        #expect(twilio.requests.count == 5)
        await twilio.stop()
    }

    @Test("status callbacks reach a test server and verify with TwilioSignatureVerifier")
    func callbacks() async throws {
        let sink = try await ReceiptSink.start()
        let twilio = try await FakeTwilio.start()
        twilio.setOutcome(.bounced, for: "+15559990000")
        twilio.setOutcome(.noReceipt, for: "+15558880000")
        let preset = try TwilioMessagesPreset(
            configuration: .init(
                accountSID: twilio.accountSID, authToken: twilio.authToken, baseURL: twilio.baseURL,
                from: "+15550001111", statusCallbackURL: sink.server.baseURL + "/webhooks/twilio"))
        for to in ["+15552223333", "+15559990000", "+15558880000"] {
            let response = try await client.send(try preset.request(for: .init(to: to, body: "P1", correlationID: "INC-\(to.suffix(4))")))
            #expect(response.status == 201)
        }
        let attempts = await twilio.deliverReceipts()
        #expect(attempts.map(\.reportedStatus) == ["sent", "delivered", "sent", "undelivered"])
        #expect(attempts.allSatisfy { $0.accepted })
        #expect(await twilio.deliverReceipts().isEmpty)

        let verifier = try TwilioSignatureVerifier(authToken: twilio.authToken)
        let normalizer = TwilioReceiptNormalizer()
        var receipts: [NormalizedReceipt] = []
        for request in sink.requests {
            let url = sink.server.baseURL + request.uri
            let verified = try verifier.verify(url: url, headers: request.headers, body: request.body)
            receipts.append(try normalizer.normalize(parameters: verified.parameters, callbackURL: url, receivedAt: Date()))
            // A tampered body fails.
            #expect(throws: ReceiptVerificationError.signatureMismatch) {
                try verifier.verify(url: url, headers: request.headers, body: request.body + Array("&x=1".utf8))
            }
        }
        #expect(receipts.map(\.status) == [.sent, .delivered, .sent, .undelivered])
        #expect(receipts.map(\.correlationID) == ["INC-3333", "INC-3333", "INC-0000", "INC-0000"])
        #expect(receipts[3].errorCode == "30003")
        #expect(receipts[1].providerMessageID == twilio.messages[0].sid)

        // An out-of-order late callback is still signed correctly; ranking keeps "delivered".
        let late = try await twilio.sendStatusCallback(sid: twilio.messages[0].sid, status: "sent")
        #expect(late.accepted)
        #expect(!ReceiptStatus.canReplace(.delivered, with: .twilio(late.reportedStatus)))
        await twilio.stop()
        await sink.stop()
    }

    @Test("API key Basic auth and WhatsApp read receipts")
    func whatsapp() async throws {
        let sink = try await ReceiptSink.start()
        let twilio = try await FakeTwilio.start(apiKeys: ["SK123": "key-secret"])
        twilio.setDefaultOutcome(.opened)
        let preset = try TwilioMessagesPreset(
            configuration: .init(
                accountSID: twilio.accountSID, authToken: "key-secret", apiKeySID: "SK123", baseURL: twilio.baseURL,
                from: "+15550001111", statusCallbackURL: sink.server.baseURL + "/webhooks/twilio"))
        let response = try await client.send(try preset.request(for: .init(to: "+15552229999", body: "hi", channel: .whatsapp)))
        #expect(response.status == 201)
        #expect(twilio.messages.first?.to == "whatsapp:+15552229999")
        let attempts = await twilio.deliverReceipts()
        #expect(attempts.map(\.reportedStatus) == ["sent", "delivered", "read"])
        let endpoint = TwilioReceiptEndpoint(verifier: try TwilioSignatureVerifier(authToken: twilio.authToken))
        let last = try #require(sink.requests.last)
        let receipt = try endpoint.process(
            url: sink.server.baseURL + last.uri, headers: last.headers, body: last.body, receivedAt: Date())
        #expect(receipt.channel == "whatsapp")
        #expect(receipt.status == .read)
        #expect(DeliveryStatusEvent(receipt: receipt).detailType == "Open")
        await twilio.stop()
        await sink.stop()
    }
}
