import Foundation
import HeraldChannels
import Testing

/// Seeded random inputs: parsers and verifiers must answer with typed errors, never crash.
@Suite("Robustness on random input")
struct RobustnessTests {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomText(_ generator: inout SeededGenerator, length: Int) -> String {
        let alphabet = Array("aZ09 +%&=?#:/@._-~!*'()\u{e9}\u{4e2d}\u{1F600}\n")
        return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    @Test("form encoding round-trips arbitrary text")
    func formRoundTrip() {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<500 {
            let params = (0..<Int(generator.next() % 5)).map { _ in
                FormParameter(Self.randomText(&generator, length: 1 + Int(generator.next() % 8)),
                    Self.randomText(&generator, length: Int(generator.next() % 12)))
            }
            #expect(FormURLEncoding.decode(FormURLEncoding.encode(params)) == params)
        }
    }

    @Test("verifiers reject random headers and bodies with typed errors")
    func randomVerification() throws {
        var generator = SeededGenerator(state: 7)
        let twilio = try TwilioSignatureVerifier(authToken: "t")
        let svix = try SvixVerifier(secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        let hmac = try HMACEndpointVerifier(configuration: .init(secrets: ["s"], timestampHeader: "X-Ts"))
        for _ in 0..<300 {
            let junk = Self.randomText(&generator, length: Int(generator.next() % 40))
            let body = Array(Self.randomText(&generator, length: Int(generator.next() % 64)).utf8)
            let headers: ChannelHeaders = [
                "X-Twilio-Signature": junk, "svix-id": junk, "svix-timestamp": junk, "svix-signature": "v1," + junk,
                "X-Signature": junk, "X-Ts": junk, "X-Twilio-Webhooks-Signature-Settings": junk,
            ]
            #expect(throws: ReceiptVerificationError.self) {
                try twilio.verify(url: "https://h.example/" + junk, headers: headers, body: body)
            }
            #expect(throws: ReceiptVerificationError.self) { try svix.verify(headers: headers, body: body, nowSeconds: 0) }
            #expect(throws: ReceiptVerificationError.self) { try hmac.verify(headers: headers, body: body, now: Date()) }
            #expect(throws: ReceiptNormalizationError.self) { try ResendReceiptNormalizer().normalize(body: body) }
        }
    }
}
