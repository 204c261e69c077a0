#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HeraldChannels

extension HeraldFuzz {
    /// The auth token of the official Twilio test vector.
    private static let twilioToken = "12345"
    private static let twilioSharedKey = "shared-secret"

    /// Twilio: line 1 is the callback URL, line 2 the `X-Twilio-Signature` value, line 3 the signature-settings
    /// header (absent when empty), the rest the body. The raw request goes through the receipt endpoint (must not
    /// crash); then the body is signed the documented way over the URL (each variant the verifier tries, HMAC-SHA1
    /// and HMAC-SHA256 with a shared key, form and JSON bodies) and must verify.
    static func checkTwilio(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "twilio", invariant: invariant, detail: detail)
        }
        let input = FuzzInput(data, lineCount: 3)
        let url = input.text(0)
        let body = input.rest
        guard let verifier = try? TwilioSignatureVerifier(authTokens: [twilioToken], sharedKeys: ["k1": twilioSharedKey])
        else { return finding("verifier-init", "the test verifier could not be built") }
        let endpoint = TwilioReceiptEndpoint(verifier: verifier)
        let receivedAt = Date(timeIntervalSince1970: 1_700_000_000.5)
        var raw = ChannelHeaders([(TwilioSignatureVerifier.signatureHeader, input.text(1))])
        if !input.lines[2].isEmpty { raw.append(TwilioSignatureVerifier.signatureSettingsHeader, input.text(2)) }
        _ = try? endpoint.process(url: url, headers: raw, body: body, receivedAt: receivedAt)

        guard !url.contains("bodySHA256"), !url.contains("#") else { return nil }
        var random = FuzzRandom(hashing: data)
        let parameters = FormURLEncoding.decode(body)
        let variants = TwilioSignatureVerifier.urlVariants(of: url)
        let signedURL = random.pick(variants)
        let sha1 = TwilioSignature.compute(url: signedURL, parameters: parameters, key: twilioToken)
        let form = Result { () throws(ReceiptVerificationError) in
            try verifier.verify(url: url, headers: [TwilioSignatureVerifier.signatureHeader: sha1], body: body)
        }
        switch form {
        case .failure(.malformedURL):
            return nil
        case .failure(let error):
            return finding("signed-form-rejected", "\(error) url \(url.debugDescription) signed over \(signedURL.debugDescription)")
        case .success(let verified):
            if verified.parameters != parameters { return finding("verified-parameters", "\(verified.parameters) vs \(parameters)") }
            let direct = Result { () throws(ReceiptNormalizationError) in
                try endpoint.normalizer.normalize(parameters: parameters, callbackURL: url, receivedAt: receivedAt)
            }
            let viaEndpoint = Result { () throws(ReceiptEndpointError) in
                try endpoint.process(url: url, headers: [TwilioSignatureVerifier.signatureHeader: sha1], body: body, receivedAt: receivedAt)
            }
            switch (direct, viaEndpoint) {
            case (.success(let a), .success(let b)):
                if a != b { return finding("endpoint-vs-normalizer", "\(a) vs \(b)") }
            case (.success, .failure(let error)):
                return finding("endpoint-rejects-signed", "\(error)")
            case (.failure(let error), .success):
                return finding("endpoint-accepts-unnormalizable", "\(error)")
            case (.failure, .failure(let error)):
                if !isMalformed(error) { return finding("endpoint-wrong-error", "\(error)") }
            }
        }
        let sha256 = TwilioSignature.compute(url: signedURL, parameters: parameters, key: twilioSharedKey, algorithm: .hmacSHA256)
        let headers = ChannelHeaders([
            (TwilioSignatureVerifier.signatureHeader, sha256),
            (TwilioSignatureVerifier.signatureSettingsHeader, random.pick(["key=k1,algorithm=HMAC_SHA256", "algorithm=hmac_sha256, key=k1"])),
        ])
        if case .failure(let error) = Result(catching: { () throws(ReceiptVerificationError) in
            try verifier.verify(url: url, headers: headers, body: body)
        }) {
            return finding("signed-sha256-rejected", "\(error) url \(url.debugDescription)")
        }
        // The bodySHA256 check needs the query to start after the scheme, host and path; URLs whose "scheme" holds
        // other syntax (the verifier splits at the first "://") are not comparable.
        guard let schemeEnd = url.firstRange(of: "://"), url[..<schemeEnd.lowerBound].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        let jsonURL = TwilioSignature.urlWithBodyHash(url, body: body)
        let jsonSignature = TwilioSignature.compute(url: random.pick(TwilioSignatureVerifier.urlVariants(of: jsonURL)), parameters: [], key: twilioToken)
        let json = Result { () throws(ReceiptVerificationError) in
            try verifier.verify(url: jsonURL, headers: [TwilioSignatureVerifier.signatureHeader: jsonSignature], body: body)
        }
        switch json {
        case .success(let verified) where !verified.isJSONBody:
            return finding("json-body-not-detected", jsonURL)
        case .failure(let error):
            return finding("signed-json-rejected", "\(error) url \(jsonURL.debugDescription)")
        default:
            return nil
        }
    }

    private static func isMalformed(_ error: ReceiptEndpointError) -> Bool {
        if case .malformed = error { return true }
        return false
    }
}
