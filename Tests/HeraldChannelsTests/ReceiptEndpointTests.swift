import Foundation
import HeraldChannels
import Testing

@Suite("Receipt endpoints: verify then normalize")
struct ReceiptEndpointTests {
    @Test("Twilio: valid callback → receipt; bad signature → 401")
    func twilio() throws {
        let endpoint = TwilioReceiptEndpoint(verifier: try TwilioSignatureVerifier(authToken: "tok"))
        let url = "https://herald.example.com/webhooks/twilio?cid=INC-5"
        let params = [
            FormParameter("MessageSid", "SM5"), FormParameter("MessageStatus", "delivered"), FormParameter("To", "+15550001111"),
        ]
        let body = Array(FormURLEncoding.encode(params).utf8)
        let signature = TwilioSignature.compute(url: url, parameters: params, key: "tok")
        let receipt = try endpoint.process(
            url: url, headers: ["X-Twilio-Signature": signature], body: body, receivedAt: Date(timeIntervalSince1970: 0))
        #expect(receipt.status == .delivered)
        #expect(receipt.correlationID == "INC-5")
        do {
            _ = try endpoint.process(url: url, headers: ["X-Twilio-Signature": "AAAA"], body: body, receivedAt: Date())
            Issue.record("accepted a bad signature")
        } catch {
            #expect(error == .unauthorized(.signatureMismatch))
            #expect(error.httpStatus == 401)
        }
        let noStatus = [FormParameter("MessageSid", "SM5")]
        let noStatusSignature = TwilioSignature.compute(url: url, parameters: noStatus, key: "tok")
        #expect(throws: ReceiptEndpointError.malformed(.missingField("MessageStatus"))) {
            try endpoint.process(
                url: url, headers: ["X-Twilio-Signature": noStatusSignature],
                body: Array(FormURLEncoding.encode(noStatus).utf8), receivedAt: Date())
        }
    }

    @Test("Resend: Svix and Bearer authentication, ignored event types")
    func resend() throws {
        let secret = SvixSecret(key: Array(repeating: 1, count: 32))
        let endpoint = ResendReceiptEndpoint(authentication: .svix(try SvixVerifier(secrets: [secret.text])))
        let body = Array(
            "{\"type\":\"email.opened\",\"created_at\":\"2024-01-01T00:00:00.000Z\",\"data\":{\"email_id\":\"e1\",\"to\":[\"a@b.c\"],\"tags\":[{\"name\":\"correlation_id\",\"value\":\"INC-3\"}]}}".utf8)
        let headers = secret.headers(id: "msg_9", timestamp: 1_704_067_200, body: body)
        let receipt = try endpoint.process(headers: headers, body: body, now: Date(timeIntervalSince1970: 1_704_067_200))
        #expect(receipt.receiptID.value == "svix:msg_9")
        #expect(receipt.status == .opened)
        #expect(receipt.correlationID == "INC-3")
        #expect(throws: ReceiptEndpointError.unauthorized(.timestampTooOld(timestamp: 1_704_067_200, now: 1_704_067_501))) {
            try endpoint.process(headers: headers, body: body, now: Date(timeIntervalSince1970: 1_704_067_501))
        }
        let contact = Array("{\"type\":\"contact.created\",\"created_at\":\"x\",\"data\":{}}".utf8)
        #expect(throws: ReceiptEndpointError.ignored("contact.created")) {
            try endpoint.process(
                headers: secret.headers(id: "msg_10", timestamp: 1_704_067_200, body: contact), body: contact,
                now: Date(timeIntervalSince1970: 1_704_067_200))
        }

        let bearer = ResendReceiptEndpoint(authentication: .bearer(try BearerTokenVerifier(secrets: ["s1", "s2"])))
        _ = try bearer.process(headers: ["Authorization": "Bearer s2"], body: body, now: Date())
        #expect(throws: ReceiptEndpointError.unauthorized(.signatureMismatch)) {
            try bearer.process(headers: ["Authorization": "Bearer s3"], body: body, now: Date())
        }
        #expect(throws: ReceiptEndpointError.unauthorized(.missingHeader("Authorization"))) {
            try bearer.process(headers: [:], body: body, now: Date())
        }
        #expect(throws: ReceiptEndpointError.unauthorized(.malformedHeader(name: "Authorization", reason: "not a Bearer token"))) {
            try bearer.process(headers: ["Authorization": "Basic czE6"], body: body, now: Date())
        }
    }
}
