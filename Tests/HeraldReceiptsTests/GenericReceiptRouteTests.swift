import Foundation
import HeraldChannels
import HeraldEvents
import HeraldFakeProviders
import HeraldReceipts
import HeraldStorage
import Testing

@Suite("Generic HMAC sources through the live routes", .timeLimit(.minutes(1)))
struct GenericReceiptRouteTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))

    @Test("signed JSON is correlated; bad MAC, stale timestamp, bad body and unknown source are refused")
    func generic() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let store = DispatchRecordStore(catalog: herald.catalog)
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: store, ingestor: ingestor, events: ReceiptEventSettings(source: "herald.receipts"))
        let verification = HMACEndpointVerifier.Configuration(
            secrets: ["acme-secret"], timestampHeader: "X-Timestamp", idHeader: "X-Delivery-Id")
        let source = try GenericReceiptSource(
            name: "acme-sms", verification: verification, statusMap: ["DLVRD": .delivered])
        let verifier = try HMACEndpointVerifier(configuration: verification)
        try store.record(
            DispatchRecord(
                provider: "acme-sms", providerMessageID: "m-1", channel: "sms", originEventID: "evt-9", rule: "r",
                target: "t", recipient: "+15550009999", correlationID: "INC-9", sentAt: .now))

        try await withReceiptServer(tracker: tracker, configuration: ReceiptConfiguration(sources: [source])) { base in
            let url = base + "/webhooks/acme-sms"
            func send(_ json: String, id: String, timestamp: Int64 = Int64(Date().timeIntervalSince1970), secret: String = "acme-secret",
                      to target: String? = nil) async throws -> ProviderResponse {
                let body = Array(json.utf8)
                let stamp = String(timestamp)
                let headers: ChannelHeaders = [
                    "Content-Type": "application/json", "X-Timestamp": stamp, "X-Delivery-Id": id,
                    "X-Signature": verifier.sign(body: body, timestamp: stamp, secret: secret),
                ]
                return try await client.send(ChannelRequest(url: target ?? url, headers: headers, body: body))
            }
            let accepted = try await send(#"{"message_id":"m-1","status":"DLVRD"}"#, id: "d-1")
            #expect(accepted.status == 200)
            let event = try #require(ingestor.events.first)
            #expect(event.envelope.source == "herald.receipts")
            #expect(event.detail("provider") == "acme-sms")
            #expect(event.detail("status") == "delivered")
            #expect(event.detail("channel") == "sms")
            #expect(event.detail("correlation_id") == "INC-9")
            #expect(event.detail("recipient") == "+15550009999")
            #expect(event.detail("origin_event_id") == "evt-9")
            #expect(try store.unsettledCount() == 0)

            #expect(try await send(#"{"message_id":"m-1","status":"DLVRD"}"#, id: "d-1").status == 200)
            #expect(try await send(#"{"message_id":"m-1","status":"bounced"}"#, id: "d-2", secret: "wrong").status == 401)
            let stale = Int64(Date().timeIntervalSince1970) - 301
            #expect(try await send(#"{"message_id":"m-1","status":"bounced"}"#, id: "d-3", timestamp: stale).status == 401)
            #expect(try await send(#"{"status":"bounced"}"#, id: "d-4").status == 400)
            let longID = String(repeating: "m", count: 201)
            #expect(try await send("{\"message_id\":\"\(longID)\",\"status\":\"bounced\"}", id: "d-7").status == 400, "never storable: not a 503")
            #expect(try await send(#"{"message_id":"m-1","status":"x"}"#, id: "d-5", to: base + "/webhooks/nope").status == 404)
            #expect(try await send("{}", id: "d-6", to: base + "/webhooks/twilio").status == 404)
            #expect(ingestor.events.count == 1)
            for id in ["d-2", "d-3", "d-4", "d-5"] { #expect(try !store.hasSeen(.generic(deliveryID: id))) }
        }
    }

    @Test("source names are validated")
    func names() throws {
        let verification = HMACEndpointVerifier.Configuration(secrets: ["s"])
        #expect(throws: ChannelConfigurationError.self) { try GenericReceiptSource(name: "a/b", verification: verification) }
        #expect(throws: ChannelConfigurationError.self) { try GenericReceiptSource(name: "", verification: verification) }
        #expect(throws: ChannelConfigurationError.self) { try GenericReceiptSource(name: "twilio", verification: verification) }
        #expect(try GenericReceiptSource(name: "acme.sms_v2-eu", verification: verification).name == "acme.sms_v2-eu")
        #expect(throws: ChannelConfigurationError.self) {
            try GenericReceiptSource(name: "ok", verification: HMACEndpointVerifier.Configuration(secrets: []))
        }
    }
}
