#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HeraldChannels
import HeraldJSON

extension HeraldFuzz {
    /// The secret of the official Svix/Resend test vectors.
    private static let svixSecretText = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    private static let svixNow: Int64 = 1_708_645_272

    /// Svix / Resend: line 1 is the message id, line 2 the signature header, line 3 the timestamp header, line 4 a
    /// signing secret to parse, the rest the body. A parsed secret re-parses from its text; the raw request goes
    /// through the Resend endpoint (must not crash); the body signed the documented way (among decoy entries)
    /// verifies, and the endpoint then gives what the normalizer gives.
    static func checkSvix(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "svix", invariant: invariant, detail: detail)
        }
        let input = FuzzInput(data, lineCount: 4)
        let body = input.rest
        var random = FuzzRandom(hashing: data)
        if let secret = try? SvixSecret(input.text(3)) {
            let again = try? SvixSecret(secret.text)
            if again != secret { return finding("secret-round-trip", input.text(3)) }
        }
        guard let secret = try? SvixSecret(svixSecretText), let verifier = try? SvixVerifier(secrets: [svixSecretText]) else {
            return finding("verifier-init", "the test verifier could not be built")
        }
        let endpoint = ResendReceiptEndpoint(authentication: .svix(verifier))
        let names = random.chance(50) ? SvixVerifier.svixHeaderNames : SvixVerifier.webhookHeaderNames
        let raw = ChannelHeaders([(names.id, input.text(0)), (names.signature, input.text(1)), (names.timestamp, input.text(2))])
        _ = try? verifier.verify(headers: raw, body: body, nowSeconds: svixNow)

        let id = input.text(0)
        let timestamp = svixNow + Int64(random.int(601)) - 300
        var headers = secret.headers(id: id, timestamp: timestamp, body: body, branded: random.chance(50))
        let signatureName = headers.fields.first { $0.name.lowercased().hasSuffix("-signature") }?.name ?? names.signature
        if let genuine = headers[signatureName], random.chance(50) {
            let decoys = ["v1,AAAA", "v2,\(genuine.dropFirst(3))", "v1a,x", ""]
            headers.set(signatureName, (decoys.shuffled(using: &random) + [genuine]).shuffled(using: &random).joined(separator: " "))
        }
        let verified = Result { () throws(ReceiptVerificationError) in try verifier.verify(headers: headers, body: body, nowSeconds: svixNow) }
        guard case .success(let message) = verified, message.id == id, message.timestamp == timestamp else {
            return finding("signed-rejected", "\(verified) id \(id.debugDescription) headers \(headers.fields)")
        }
        let direct = Result { () throws(ReceiptNormalizationError) in
            try endpoint.normalizer.normalize(body: body, receiptID: .svix(messageID: id))
        }
        let now = Double(svixNow)
        let viaEndpoint = Result { () throws(ReceiptEndpointError) in
            try endpoint.process(headers: headers, body: body, now: Date(timeIntervalSince1970: now))
        }
        switch (direct, viaEndpoint) {
        case (.success(let a), .success(let b)):
            if a != b { return finding("endpoint-vs-normalizer", "\(a) vs \(b)") }
            let detail = DeliveryStatusEvent(receipt: a).detail
            if (try? JSONValue(parsing: detail.jsonBytes)) != detail { return finding("status-event-round-trip", detail.jsonText) }
        case (.success, .failure(let error)):
            return finding("endpoint-rejects-signed", "\(error)")
        case (.failure(let error), .success):
            return finding("endpoint-accepts-unnormalizable", "\(error)")
        case (.failure(let error), .failure(let endpointError)):
            switch (error, endpointError) {
            case (.unsupportedEventType, .ignored), (_, .malformed): break
            default: return finding("endpoint-wrong-error", "\(error) vs \(endpointError)")
            }
        }
        return nil
    }
}
