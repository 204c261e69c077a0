import Foundation
import HeraldChannels
import HeraldFakeProviders
import HeraldJSON
import Testing

@Suite("Fake Resend over loopback HTTP", .timeLimit(.minutes(1)))
struct FakeResendTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))

    @Test("Bearer + JSON required; Idempotency-Key replays the original response")
    func send() async throws {
        let resend = try await FakeResend.start()
        let preset = try ResendEmailPreset(
            configuration: .init(apiKey: resend.apiKey, baseURL: resend.baseURL, from: "Herald <alerts@example.com>"))
        let request = try preset.request(
            for: .init(to: ["oncall@example.com"], subject: "P1", html: "<p>db</p>", correlationID: "INC-1", idempotencyKey: "evt-1"))
        let first = try await client.send(request)
        #expect(first.status == 200)
        let id = try #require(try JSONValue(parsing: first.body)["id"]?.stringValue)
        #expect(preset.classify(first) == .success(providerMessageID: id, duplicate: false))
        let replay = try await client.send(request)
        #expect(try JSONValue(parsing: replay.body)["id"]?.stringValue == id)
        #expect(resend.emails.count == 1)

        var conflicting = request
        conflicting.body = Array(String(decoding: request.body, as: UTF8.self).replacingOccurrences(of: "P1", with: "P2").utf8)
        let conflict = try await client.send(conflicting)
        #expect(conflict.status == 409)
        #expect(!preset.classify(conflict).isRetryable)

        var noAuth = request
        noAuth.headers.remove("Authorization")
        #expect(try await client.send(noAuth).status == 401)
        var wrongKey = request
        wrongKey.headers.set("Authorization", "Bearer re_wrong")
        #expect(try await client.send(wrongKey).status == 403)
        var form = request
        form.headers.set("Content-Type", "application/x-www-form-urlencoded")
        form.headers.remove("Idempotency-Key")
        form.body = Array("to=a%40b.c&subject=x".utf8)
        #expect(try await client.send(form).status == 422)

        resend.failNextSend(status: 429, name: "rate_limit_exceeded", message: "Too many requests", retryAfter: 1)
        let limited = try await client.send(try preset.request(for: .init(to: ["x@example.com"], subject: "s", text: "t")))
        #expect(preset.classify(limited) == .retryable(reason: "resend HTTP 429 rate_limit_exceeded: Too many requests", retryAfter: .seconds(1)))
        resend.failNextSend(status: 429, name: "daily_quota_exceeded", message: "quota")
        let quota = try await client.send(try preset.request(for: .init(to: ["x@example.com"], subject: "s", text: "t")))
        #expect(!preset.classify(quota).isRetryable)
        await resend.stop()
    }

    @Test("Svix-signed webhooks verify and normalize, with scripted outcomes", arguments: [false, true])
    func webhooks(tagsAsArray: Bool) async throws {
        let sink = try await ReceiptSink.start(status: 200)
        let resend = try await FakeResend.start(tagsAsArray: tagsAsArray)
        resend.setWebhookURL(sink.server.baseURL + "/webhooks/resend")
        resend.setOutcome(.clicked, for: "opener@example.com")
        resend.setOutcome(.bounced, for: "bounce@example.com")
        resend.setOutcome(.noReceipt, for: "silent@example.com")
        let preset = try ResendEmailPreset(configuration: .init(apiKey: resend.apiKey, baseURL: resend.baseURL, from: "a@example.com"))
        for to in ["opener@example.com", "bounce@example.com", "silent@example.com"] {
            let response = try await client.send(try preset.request(for: .init(to: [to], subject: "P1", text: "x", correlationID: "INC-2")))
            #expect(response.status == 200)
        }
        let attempts = await resend.deliverWebhooks()
        #expect(attempts.count == 6)
        #expect(attempts.allSatisfy { $0.accepted })

        let verifier = try SvixVerifier(secrets: [resend.webhookSecret])
        let normalizer = ResendReceiptNormalizer()
        var statuses: [ReceiptStatus] = []
        for request in sink.requests {
            let message = try verifier.verify(headers: request.headers, body: request.body, now: Date())
            let receipt = try normalizer.normalize(body: request.body, receiptID: .svix(messageID: message.id))
            #expect(receipt.correlationID == "INC-2")
            statuses.append(receipt.status)
            #expect(throws: ReceiptVerificationError.signatureMismatch) {
                try verifier.verify(headers: request.headers, body: request.body + [0x20], now: Date())
            }
            #expect(throws: ReceiptVerificationError.self) {
                try verifier.verify(headers: request.headers, body: request.body, now: Date().addingTimeInterval(301))
            }
        }
        #expect(statuses == [.sent, .delivered, .opened, .clicked, .sent, .bounced])
        let bounce = try normalizer.normalize(body: sink.requests[5].body)
        #expect(bounce.errorCode == "Permanent/General")
        await resend.stop()
        await sink.stop()
    }
}
