#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HeraldChannels

extension HeraldFuzz {
    private static let hmacNow: Int64 = 1_700_000_000

    /// Generic HMAC: byte 0 picks the configuration (hex or base64, with or without a `sha256=` prefix, with or
    /// without a timestamp header, with or without an id header); line 1 is the signature header, line 2 the
    /// timestamp header, the rest the body. The raw request must not crash the verifier; the body signed by
    /// `sign(body:timestamp:secret:)` verifies (with the prefix in either case); hex and base64 round-trip.
    static func checkHMAC(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "hmac", invariant: invariant, detail: detail)
        }
        guard let flags = data.first else { return nil }
        let input = FuzzInput(Array(data.dropFirst()), lineCount: 2)
        let body = input.rest
        let configuration = HMACEndpointVerifier.Configuration(
            secrets: ["", "old-secret", "s3cr3t"], signatureHeader: "X-Signature",
            encoding: flags & 1 == 0 ? .hex : .base64, signaturePrefix: flags & 2 == 0 ? "sha256=" : nil,
            timestampHeader: flags & 4 == 0 ? nil : "X-Timestamp", tolerance: 300,
            idHeader: flags & 8 == 0 ? nil : "X-Id")
        guard let verifier = try? HMACEndpointVerifier(configuration: configuration) else {
            return finding("verifier-init", "the test verifier could not be built")
        }
        let now = Date(timeIntervalSince1970: Double(hmacNow))
        let raw = ChannelHeaders([("X-Signature", input.text(0)), ("X-Timestamp", input.text(1)), ("X-Id", input.text(1))])
        _ = try? verifier.verify(headers: raw, body: body, now: now)

        var random = FuzzRandom(hashing: data)
        let stamp = configuration.timestampHeader == nil ? nil : String(hmacNow + Int64(random.int(601)) - 300)
        var signature = verifier.sign(body: body, timestamp: stamp, secret: random.pick(["old-secret", "s3cr3t"]))
        if configuration.signaturePrefix != nil, random.chance(30) { signature = "SHA256=" + signature.dropFirst(7) }
        var headers = ChannelHeaders([("x-signature", random.chance(20) ? " \(signature) " : signature)])
        if let stamp { headers.append("X-Timestamp", stamp) }
        if configuration.idHeader != nil { headers.append("X-Id", "delivery-1") }
        let verified = Result { () throws(ReceiptVerificationError) in try verifier.verify(headers: headers, body: body, now: now) }
        guard case .success(let request) = verified else {
            return finding("signed-rejected", "\(verified) flags \(flags) headers \(headers.fields)")
        }
        if request.timestamp != stamp.flatMap({ Int64($0) }) { return finding("timestamp", "\(request) vs \(String(describing: stamp))") }
        let hex = ByteEncoding.hex(body)
        if ByteEncoding.fromHex(hex) != body || ByteEncoding.fromHex(hex.uppercased()) != body {
            return finding("hex-round-trip", hex)
        }
        let base64 = ByteEncoding.base64(body)
        if ByteEncoding.fromBase64(base64) != body { return finding("base64-round-trip", base64) }
        if let decoded = ByteEncoding.fromBase64(input.text(0)), ByteEncoding.fromBase64(ByteEncoding.base64(decoded)) != decoded {
            return finding("base64-decoded-round-trip", input.text(0))
        }
        return nil
    }
}
