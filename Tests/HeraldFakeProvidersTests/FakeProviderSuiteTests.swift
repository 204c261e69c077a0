import Foundation
import HeraldChannels
import HeraldFakeProviders
import Testing

@Suite("Fake provider suite: scenario C loop", .timeLimit(.minutes(1)))
struct FakeProviderSuiteTests {
    @Test("page by SMS and email, receipts come back verified and correlated to the incident")
    func scenarioC() async throws {
        let suite = try await FakeProviderSuite.start()
        // A stand-in for Herald's receipt endpoints: verify + normalize, 401 on failure.
        let twilioEndpoint = TwilioReceiptEndpoint(verifier: try TwilioSignatureVerifier(authToken: suite.twilio.authToken))
        let resendEndpoint = ResendReceiptEndpoint(
            authentication: .svix(try SvixVerifier(secrets: [suite.resend.webhookSecret])))
        let collected = ReceiptCollector()
        let herald = try await FakeHTTPServer.start { request in
            do throws(ReceiptEndpointError) {
                let receipt: NormalizedReceipt
                if request.path == "/webhooks/twilio" {
                    receipt = try twilioEndpoint.process(
                        url: "http://127.0.0.1:\(collected.port)" + request.uri, headers: request.headers, body: request.body,
                        receivedAt: Date())
                } else {
                    receipt = try resendEndpoint.process(headers: request.headers, body: request.body, now: Date())
                }
                collected.append(receipt)
                return FakeHTTPResponse(status: 204)
            } catch {
                return FakeHTTPResponse(status: error.httpStatus)
            }
        }
        collected.port = herald.port
        suite.setHeraldBaseURL(herald.baseURL)
        suite.resend.setOutcome(.opened, for: "oncall@example.com")

        let client = LoopbackHTTPClient()
        let sms = try TwilioMessagesPreset(configuration: suite.twilioConfiguration(heraldBaseURL: herald.baseURL))
        let email = try ResendEmailPreset(configuration: suite.resendConfiguration())
        let smsResponse = try await client.send(try sms.request(for: .init(to: "+15552223333", body: "P1 db", correlationID: "INC-77")))
        let emailResponse = try await client.send(
            try email.request(for: .init(to: ["oncall@example.com"], subject: "P1", text: "db", correlationID: "INC-77", idempotencyKey: "evt-77")))
        #expect(sms.classify(smsResponse).isSuccess)
        #expect(email.classify(emailResponse).isSuccess)

        let attempts = await suite.deliverAllReceipts()
        #expect(attempts.count == 5)
        #expect(attempts.allSatisfy { $0.accepted })
        let receipts = collected.receipts
        #expect(receipts.allSatisfy { $0.correlationID == "INC-77" })
        #expect(receipts.contains { $0.channel == "email" && $0.status == .opened })
        #expect(receipts.contains { $0.channel == "sms" && $0.status == .delivered })
        let opened = try #require(receipts.first { $0.status == .opened })
        #expect(DeliveryStatusEvent(receipt: opened).detailType == "Open")
        await herald.stop()
        await suite.stop()
    }
}

/// Thread-safe receipt list for the stand-in endpoint.
final class ReceiptCollector: @unchecked Sendable {
    // Invariant: every access goes through `lock`.
    private let lock = NSLock()
    private var items: [NormalizedReceipt] = []
    private var boundPort = 0

    var port: Int {
        get { lock.withLock { boundPort } }
        set { lock.withLock { boundPort = newValue } }
    }

    func append(_ receipt: NormalizedReceipt) { lock.withLock { items.append(receipt) } }
    var receipts: [NormalizedReceipt] { lock.withLock { items } }
}
