import Foundation
import HeraldChannels
import Testing

@Suite("Svix / Resend webhook signatures")
struct SvixVerifierTests {
    static let vectors = (VectorFile.shared?.svix.vectors ?? []) + (VectorFile.shared?.resend.vectors ?? [])

    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let body = Array("{\"test\": 2432232314}".utf8)
    static let signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    static let timestamp: Int64 = 1_614_265_330

    static func headers(timestamp: String = "1614265330", signature: String = signature) -> ChannelHeaders {
        ["svix-id": id, "svix-timestamp": timestamp, "svix-signature": signature]
    }

    @Test("starter vectors", arguments: vectors)
    func starterVector(_ vector: VectorFile.Svix.Vector) throws {
        let verifier = try SvixVerifier(secrets: [vector.secret])
        let names = vector.header_names == "svix" ? SvixVerifier.svixHeaderNames : SvixVerifier.webhookHeaderNames
        let headers = ChannelHeaders([
            (names.id, vector.msg_id), (names.timestamp, String(vector.timestamp)),
            (names.signature, vector.signature_header),
        ])
        let result = Result { () throws(ReceiptVerificationError) in
            try verifier.verify(headers: headers, body: Array(vector.body.utf8), nowSeconds: vector.now)
        }
        switch (vector.expected, result) {
        case ("accept", .success(let message)):
            #expect(message.id == vector.msg_id)
            #expect(message.timestamp == vector.timestamp)
        case ("reject", .failure):
            break
        default:
            Issue.record("vector \(vector.id) expected \(vector.expected), got \(result)")
        }
    }

    @Test("sign reproduces the official vector")
    func sign() throws {
        let secret = try SvixSecret(Self.secret)
        #expect("v1," + secret.signature(id: Self.id, timestamp: "1614265330", body: Self.body) == Self.signature)
        #expect(secret.text == Self.secret)
    }

    @Test("tolerance is 300 s both ways, inclusive")
    func tolerance() throws {
        let verifier = try SvixVerifier(secrets: [Self.secret])
        _ = try verifier.verify(headers: Self.headers(), body: Self.body, nowSeconds: Self.timestamp + 300)
        _ = try verifier.verify(headers: Self.headers(), body: Self.body, nowSeconds: Self.timestamp - 300)
        _ = try verifier.verify(
            headers: Self.headers(), body: Self.body, now: Date(timeIntervalSince1970: Double(Self.timestamp) + 0.9))
        #expect(throws: ReceiptVerificationError.timestampTooOld(timestamp: Self.timestamp, now: Self.timestamp + 301)) {
            try verifier.verify(headers: Self.headers(), body: Self.body, nowSeconds: Self.timestamp + 301)
        }
        #expect(
            throws: ReceiptVerificationError.timestampInFuture(timestamp: Self.timestamp, now: Self.timestamp - 301)
        ) {
            try verifier.verify(headers: Self.headers(), body: Self.body, nowSeconds: Self.timestamp - 301)
        }
    }

    @Test("timestamp must be a non-negative integer", arguments: ["-5", "abc", "1614265330.5", "", "+1614265330"])
    func badTimestamp(_ stamp: String) throws {
        let verifier = try SvixVerifier(secrets: [Self.secret])
        #expect(throws: ReceiptVerificationError.invalidTimestamp(stamp)) {
            try verifier.verify(headers: Self.headers(timestamp: stamp), body: Self.body, nowSeconds: Self.timestamp)
        }
    }

    @Test("v2 and other versions are never accepted")
    func versions() throws {
        let verifier = try SvixVerifier(secrets: [Self.secret])
        let sig = String(Self.signature.dropFirst(3))
        #expect(throws: ReceiptVerificationError.noSupportedSignature) {
            try verifier.verify(
                headers: Self.headers(signature: "v2,\(sig) v1a,\(sig)"), body: Self.body, nowSeconds: Self.timestamp)
        }
        #expect(throws: ReceiptVerificationError.noSupportedSignature) {
            try verifier.verify(headers: Self.headers(signature: sig), body: Self.body, nowSeconds: Self.timestamp)
        }
        #expect(throws: ReceiptVerificationError.signatureMismatch) {
            try verifier.verify(
                headers: Self.headers(signature: "v1,AAAA v2,\(sig)"), body: Self.body, nowSeconds: Self.timestamp)
        }
    }

    @Test("missing headers", arguments: ["svix-id", "svix-timestamp", "svix-signature"])
    func missing(_ name: String) throws {
        let verifier = try SvixVerifier(secrets: [Self.secret])
        var headers = Self.headers()
        headers.remove(name)
        #expect(throws: ReceiptVerificationError.missingHeader(name)) {
            try verifier.verify(headers: headers, body: Self.body, nowSeconds: Self.timestamp)
        }
    }

    @Test("unbranded webhook-* names, secret without prefix, rotation")
    func variants() throws {
        let bare = String(Self.secret.dropFirst("whsec_".count))
        let other = SvixSecret(key: Array(repeating: 7, count: 24)).text
        let verifier = try SvixVerifier(secrets: [other, bare])
        let headers: ChannelHeaders = [
            "webhook-id": Self.id, "webhook-timestamp": "1614265330", "webhook-signature": Self.signature,
        ]
        let message = try verifier.verify(headers: headers, body: Self.body, nowSeconds: Self.timestamp)
        #expect(ReceiptID.svix(messageID: message.id).value == "svix:" + Self.id)
        // Signed with the other secret by the branded helper.
        let signed = try SvixSecret(other).headers(id: "msg_x", timestamp: 10, body: Self.body, branded: false)
        _ = try verifier.verify(headers: signed, body: Self.body, nowSeconds: 10)
    }

    @Test("bad secrets are configuration errors")
    func badSecrets() {
        #expect(throws: ChannelConfigurationError.self) { try SvixVerifier(secrets: ["whsec_!!!not-base64"]) }
        #expect(throws: ChannelConfigurationError.missingSecret("svix signing secret")) {
            try SvixVerifier(secrets: [])
        }
    }
}
