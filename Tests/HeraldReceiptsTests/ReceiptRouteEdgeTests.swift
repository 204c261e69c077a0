import Foundation
import HeraldChannels
import HeraldEvents
import HeraldFakeProviders
import HeraldReceipts
import HeraldStorage
import Testing

@Suite("Receipt routes: public URL, concurrency, Bearer", .timeLimit(.minutes(1)))
struct ReceiptRouteEdgeTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))

    func tracker(_ herald: HeraldStore, _ ingestor: RecordingIngestor) -> ReceiptTracker {
        ReceiptTracker(store: DispatchRecordStore(catalog: herald.catalog), ingestor: ingestor)
    }

    func twilioRequest(_ url: String, body: [UInt8], signature: String) -> ChannelRequest {
        ChannelRequest(
            url: url,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature], body: body)
    }

    func bearerPost(_ url: String, body: [UInt8], authorization: String?) async throws -> Int {
        var headers: ChannelHeaders = ["Content-Type": "application/json"]
        if let authorization { headers.append("Authorization", authorization) }
        return try await client.send(ChannelRequest(url: url, headers: headers, body: body)).status
    }

    @Test("Twilio signatures are checked over the configured public base URL, not the address Herald listens on")
    func publicBaseURL() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let ingestor = RecordingIngestor()
        let twilio = try ReceiptConfiguration.Twilio(authTokens: ["tok"], publicBaseURL: "https://herald.example.com/")
        try await withReceiptServer(tracker: tracker(herald, ingestor), configuration: ReceiptConfiguration(twilio: twilio)) { base in
            let target = "/webhooks/twilio?cid=INC-5"
            let parameters = [
                FormParameter("MessageSid", "SM00000000000000000000000000000005"), FormParameter("MessageStatus", "delivered"),
                FormParameter("To", "+15550005555"),
            ]
            let bodyBytes = Array(FormURLEncoding.encode(parameters).utf8)
            let local = try await client.send(twilioRequest(base + target, body: bodyBytes,
                signature: TwilioSignature.compute(url: base + target, parameters: parameters, key: "tok")))
            #expect(local.status == 401)
            let public_ = try await client.send(twilioRequest(base + target, body: bodyBytes,
                signature: TwilioSignature.compute(url: "https://herald.example.com" + target, parameters: parameters, key: "tok")))
            #expect(public_.status == 200)
            #expect(ingestor.events.first?.detail("correlation_id") == "INC-5")
        }
    }

    @Test("concurrent copies of one receipt are ingested once")
    func concurrentDuplicates() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let ingestor = RecordingIngestor()
        let secret = "whsec_Y29uY3VycmVudC1kdXBsaWNhdGVzLXNlY3JldA=="
        let configuration = ReceiptConfiguration(resend: try ReceiptConfiguration.resendSvix(secrets: [secret]))
        try await withReceiptServer(tracker: tracker(herald, ingestor), configuration: configuration) { base in
            let body = Array(
                #"{"type":"email.delivered","created_at":"2026-11-22T10:00:00.000Z","data":{"email_id":"e-1","to":["a@example.com"]}}"#
                    .utf8)
            let headers = try SvixSecret(secret).headers(id: "msg_same", timestamp: Int64(Date().timeIntervalSince1970), body: body)
            let request = ChannelRequest(url: base + "/webhooks/resend", headers: headers, body: body)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await client.send(request).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 6))
            #expect(ingestor.events.count == 1)
        }
    }

    @Test("Resend with a Bearer secret: right secret accepted, missing or wrong one 401")
    func bearer() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let ingestor = RecordingIngestor()
        let configuration = ReceiptConfiguration(resend: try ReceiptConfiguration.resendBearer(secrets: ["s3cret", "n3xt"]))
        try await withReceiptServer(tracker: tracker(herald, ingestor), configuration: configuration) { base in
            let body = Array(
                #"{"type":"email.bounced","created_at":"2026-11-22T10:00:00.000Z","data":{"email_id":"e-2","to":["b@example.com"],"bounce":{"type":"Permanent","subType":"General","message":"no"}}}"#
                    .utf8)
            let url = base + "/webhooks/resend"
            let status1 = try await bearerPost(url, body: body, authorization: nil)
            #expect(status1 == 401)
            let status2 = try await bearerPost(url, body: body, authorization: "Bearer wrong")
            #expect(status2 == 401)
            #expect(ingestor.events.isEmpty)
            let status3 = try await bearerPost(url, body: body, authorization: "Bearer n3xt")
            #expect(status3 == 200)
            let status4 = try await bearerPost(url, body: body, authorization: "Bearer s3cret")
            #expect(status4 == 200)
            #expect(ingestor.events.map(\.envelope.detailType) == ["Bounce"])
            #expect(ingestor.events.first?.detail("error_code") == "Permanent/General")
        }
    }

    @Test("a verified Twilio or Resend receipt whose message id cannot be stored is malformed (400), not retried (503)")
    func overlongMessageIDs() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let ingestor = RecordingIngestor()
        let secret = "whsec_b3Zlcmxvbmctb3ZlcmxvbmctaWRz"
        let configuration = ReceiptConfiguration(
            twilio: try .init(authTokens: ["tok"]), resend: try ReceiptConfiguration.resendSvix(secrets: [secret]))
        try await withReceiptServer(tracker: tracker(herald, ingestor), configuration: configuration) { base in
            let url = base + "/webhooks/twilio"
            let parameters = [
                FormParameter("MessageSid", "SM" + String(repeating: "0", count: 199)), FormParameter("MessageStatus", "delivered"),
            ]
            let twilio = try await client.send(twilioRequest(
                url, body: Array(FormURLEncoding.encode(parameters).utf8),
                signature: TwilioSignature.compute(url: url, parameters: parameters, key: "tok")))
            #expect(twilio.status == 400)

            let emailID = String(repeating: "e", count: 201)
            let body = Array(
                #"{"type":"email.delivered","created_at":"2026-11-22T10:00:00.000Z","data":{"email_id":"\#(emailID)"}}"#.utf8)
            let headers = try SvixSecret(secret).headers(id: "msg_long", timestamp: Int64(Date().timeIntervalSince1970), body: body)
            let resend = try await client.send(ChannelRequest(url: base + "/webhooks/resend", headers: headers, body: body))
            #expect(resend.status == 400)
            #expect(ingestor.events.isEmpty)

            // 200 bytes still fit.
            let fits = [FormParameter("MessageSid", "SM" + String(repeating: "0", count: 198)), FormParameter("MessageStatus", "sent")]
            let accepted = try await client.send(twilioRequest(
                url, body: Array(FormURLEncoding.encode(fits).utf8),
                signature: TwilioSignature.compute(url: url, parameters: fits, key: "tok")))
            #expect(accepted.status == 200)
        }
    }
}
