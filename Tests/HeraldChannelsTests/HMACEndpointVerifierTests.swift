import Foundation
import HeraldChannels
import Testing

@Suite("Generic HMAC-SHA256 endpoint verifier")
struct HMACEndpointVerifierTests {
    static let body = Array("{\"event\":\"ping\"}".utf8)
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("hex with sha256= prefix over the raw body")
    func hexPrefixed() throws {
        let verifier = try HMACEndpointVerifier(configuration: .init(secrets: ["s3cret"], signatureHeader: "X-Hub-Signature-256"))
        let expected = "sha256=" + ChannelDigest.hmacSHA256Hex(key: Array("s3cret".utf8), message: Self.body)
        #expect(verifier.sign(body: Self.body, timestamp: nil, secret: "s3cret") == expected)
        let verified = try verifier.verify(headers: ["x-hub-signature-256": expected], body: Self.body, now: Self.now)
        #expect(verified.receiptID == ReceiptID.generic(body: Self.body))
        #expect(verified.timestamp == nil)
        // Prefix optional, hex case-insensitive.
        let bare = String(expected.dropFirst("sha256=".count)).uppercased()
        _ = try verifier.verify(headers: ["X-Hub-Signature-256": bare], body: Self.body, now: Self.now)
    }

    @Test("base64 with a timestamp header: string to sign is \"<ts>.<body>\"")
    func base64Timestamped() throws {
        let config = HMACEndpointVerifier.Configuration(
            secrets: ["old", "new"], signatureHeader: "X-Sig", encoding: .base64, signaturePrefix: nil,
            timestampHeader: "X-Timestamp", tolerance: 300, idHeader: "X-Delivery")
        let verifier = try HMACEndpointVerifier(configuration: config)
        let message = Array("1700000000.".utf8) + Self.body
        let signature = ChannelDigest.hmacSHA256Base64(key: Array("new".utf8), message: message)
        #expect(verifier.sign(body: Self.body, timestamp: "1700000000", secret: "new") == signature)
        let headers: ChannelHeaders = ["X-Sig": signature, "X-Timestamp": "1700000000", "X-Delivery": "d-1"]
        let verified = try verifier.verify(headers: headers, body: Self.body, now: Self.now.addingTimeInterval(300))
        #expect(verified.receiptID.value == "hmac:d-1")
        #expect(verified.timestamp == 1_700_000_000)
        #expect(throws: ReceiptVerificationError.timestampTooOld(timestamp: 1_700_000_000, now: 1_700_000_301)) {
            try verifier.verify(headers: headers, body: Self.body, now: Self.now.addingTimeInterval(301))
        }
        #expect(throws: ReceiptVerificationError.timestampInFuture(timestamp: 1_700_000_000, now: 1_699_999_699)) {
            try verifier.verify(headers: headers, body: Self.body, now: Self.now.addingTimeInterval(-301))
        }
        var noStamp = headers
        noStamp.remove("X-Timestamp")
        #expect(throws: ReceiptVerificationError.missingHeader("X-Timestamp")) {
            try verifier.verify(headers: noStamp, body: Self.body, now: Self.now)
        }
        var tamperedStamp = headers
        tamperedStamp.set("X-Timestamp", "1700000001")
        #expect(throws: ReceiptVerificationError.signatureMismatch) {
            try verifier.verify(headers: tamperedStamp, body: Self.body, now: Self.now)
        }
    }

    @Test("tampered body, wrong secret, malformed and missing signature")
    func rejects() throws {
        let verifier = try HMACEndpointVerifier(configuration: .init(secrets: ["s3cret"]))
        let good = verifier.sign(body: Self.body, timestamp: nil, secret: "s3cret")
        #expect(throws: ReceiptVerificationError.signatureMismatch) {
            try verifier.verify(headers: ["X-Signature": good], body: Self.body + [0x20], now: Self.now)
        }
        let wrong = verifier.sign(body: Self.body, timestamp: nil, secret: "other")
        #expect(throws: ReceiptVerificationError.signatureMismatch) {
            try verifier.verify(headers: ["X-Signature": wrong], body: Self.body, now: Self.now)
        }
        #expect(throws: ReceiptVerificationError.malformedHeader(name: "X-Signature", reason: "not hex")) {
            try verifier.verify(headers: ["X-Signature": "sha256=zz"], body: Self.body, now: Self.now)
        }
        #expect(throws: ReceiptVerificationError.missingHeader("X-Signature")) {
            try verifier.verify(headers: [:], body: Self.body, now: Self.now)
        }
        #expect(throws: ChannelConfigurationError.missingSecret("hmac endpoint secret")) {
            try HMACEndpointVerifier(configuration: .init(secrets: [""]))
        }
    }
}
