import HeraldChannels
import Testing

@Suite("Twilio X-Twilio-Signature")
struct TwilioSignatureTests {
    static let vectors = VectorFile.shared?.twilio.vectors ?? []

    @Test("vector file loads")
    func vectorsLoad() throws {
        let file = try VectorFile.load()
        #expect(file.twilio.vectors.count >= 5)
    }

    @Test("starter vectors", arguments: vectors)
    func starterVector(_ vector: VectorFile.Twilio.Vector) throws {
        let verifier = try TwilioSignatureVerifier(authToken: vector.auth_token)
        let body: [UInt8] =
            if let json = vector.body {
                Array(json.utf8)
            } else {
                Array(FormURLEncoding.encode(vector.params.map { FormParameter($0[0], $0[1]) }).utf8)
            }
        let headers: ChannelHeaders = ["X-Twilio-Signature": vector.signature]
        let result = Result { () throws(ReceiptVerificationError) in
            try verifier.verify(url: vector.url, headers: headers, body: body)
        }
        switch (vector.expected, result) {
        case ("accept", .success(let verified)):
            #expect(verified.isJSONBody == (vector.body != nil))
            #expect(verified.parameters.count == vector.params.count)
        case ("reject", .failure(let error)):
            #expect(error == .signatureMismatch)
        default:
            Issue.record("vector \(vector.id) expected \(vector.expected), got \(result)")
        }
    }

    @Test("string to sign matches the documented note")
    func stringToSign() {
        let params = [
            FormParameter("To", "+18005551212"), FormParameter("CallSid", "CA1234567890ABCDE"),
            FormParameter("Digits", "1234"), FormParameter("From", "+14158675309"),
            FormParameter("Caller", "+14158675309"),
        ]
        #expect(
            TwilioSignature.stringToSign(url: "https://mycompany.com/myapp.php?foo=1&bar=2", parameters: params)
                == "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675309Digits1234"
                + "From+14158675309To+18005551212")
    }

    @Test("repeated names: values de-duplicated and sorted")
    func repeatedNames() {
        let params = [
            FormParameter("MediaUrl", "b"), FormParameter("Body", "x"), FormParameter("MediaUrl", "a"),
            FormParameter("MediaUrl", "b"),
        ]
        #expect(TwilioSignature.stringToSign(url: "https://h/p", parameters: params) == "https://h/pBodyxMediaUrlaMediaUrlb")
    }

    @Test("port variants: as configured, default port added, port removed")
    func portVariants() throws {
        let verifier = try TwilioSignatureVerifier(authToken: "12345")
        let params = [FormParameter("MessageSid", "SM1"), FormParameter("MessageStatus", "delivered")]
        let body = Array(FormURLEncoding.encode(params).utf8)
        // Signed with :443, configured without a port.
        let withPort = TwilioSignature.compute(url: "https://example.com:443/cb?x=1", parameters: params, key: "12345")
        let accepted = try verifier.verify(
            url: "https://example.com/cb?x=1", headers: ["X-Twilio-Signature": withPort], body: body)
        #expect(accepted.matchedURL == "https://example.com:443/cb?x=1")
        // Signed without a port, configured with :443.
        let bare = TwilioSignature.compute(url: "https://example.com/cb?x=1", parameters: params, key: "12345")
        _ = try verifier.verify(url: "https://example.com:443/cb?x=1", headers: ["X-Twilio-Signature": bare], body: body)
        // http uses :80.
        let http = TwilioSignature.compute(url: "http://example.com:80/cb", parameters: params, key: "12345")
        _ = try verifier.verify(url: "http://example.com/cb", headers: ["X-Twilio-Signature": http], body: body)
        // A non-default port the configuration does not name is not guessed.
        let other = TwilioSignature.compute(url: "https://example.com:8443/cb?x=1", parameters: params, key: "12345")
        #expect(throws: ReceiptVerificationError.signatureMismatch) {
            try verifier.verify(url: "https://example.com/cb?x=1", headers: ["X-Twilio-Signature": other], body: body)
        }
        #expect(
            TwilioSignatureVerifier.urlVariants(of: "https://example.com:8443/cb").prefix(3)
                == ["https://example.com:8443/cb", "https://example.com/cb"])
    }

    @Test("legacy querystring variant (twilio-node)")
    func legacyQuerystring() throws {
        let verifier = try TwilioSignatureVerifier(authToken: "tok")
        let params = [FormParameter("MessageStatus", "sent")]
        let body = Array(FormURLEncoding.encode(params).utf8)
        // Twilio signed the URL with the apostrophe left unescaped; the configured URL has it percent-encoded.
        let signature = TwilioSignature.compute(url: "https://example.com/cb?note=it's", parameters: params, key: "tok")
        let verified = try verifier.verify(
            url: "https://example.com/cb?note=it%27s", headers: ["X-Twilio-Signature": signature], body: body)
        #expect(verified.matchedURL == "https://example.com/cb?note=it's")
    }

    @Test("JSON body: tampered body fails the bodySHA256 check")
    func jsonBodyTampered() throws {
        let verifier = try TwilioSignatureVerifier(authToken: "12345")
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256="
            + "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        #expect(throws: ReceiptVerificationError.bodyHashMismatch) {
            try verifier.verify(
                url: url, headers: ["X-Twilio-Signature": "a9nBmqA0ju/hNViExpshrM61xv4="],
                body: Array("{\"property\": \"value\", \"boolean\": false}".utf8))
        }
    }

    @Test("JSON body signed by urlWithBodyHash round-trips")
    func jsonBodyRoundTrip() throws {
        let body = Array("{\"a\":1}".utf8)
        let url = TwilioSignature.urlWithBodyHash("https://h.example/cb", body: body)
        let signature = TwilioSignature.compute(url: url, parameters: [], key: "k")
        let verified = try TwilioSignatureVerifier(authToken: "k").verify(
            url: url, headers: ["x-twilio-signature": signature], body: body)
        #expect(verified.isJSONBody)
    }

    @Test("missing header, wrong token, malformed URL")
    func rejects() throws {
        let verifier = try TwilioSignatureVerifier(authToken: "12345")
        let body = Array("MessageSid=SM1&MessageStatus=sent".utf8)
        #expect(throws: ReceiptVerificationError.missingHeader("X-Twilio-Signature")) {
            try verifier.verify(url: "https://example.com/cb", headers: [:], body: body)
        }
        let signature = TwilioSignature.compute(
            url: "https://example.com/cb", parameters: FormURLEncoding.decode(body), key: "other")
        #expect(throws: ReceiptVerificationError.signatureMismatch) {
            try verifier.verify(url: "https://example.com/cb", headers: ["X-Twilio-Signature": signature], body: body)
        }
        #expect(throws: ReceiptVerificationError.malformedURL("not a url")) {
            try verifier.verify(url: "not a url", headers: ["X-Twilio-Signature": signature], body: body)
        }
        #expect(throws: ChannelConfigurationError.missingSecret("twilio auth token")) {
            try TwilioSignatureVerifier(authToken: "")
        }
    }

    @Test("secondary auth token during rotation")
    func rotation() throws {
        let verifier = try TwilioSignatureVerifier(authTokens: ["old", "new"])
        let params = [FormParameter("MessageStatus", "sent")]
        let signature = TwilioSignature.compute(url: "https://e.example/cb", parameters: params, key: "new")
        _ = try verifier.verify(
            url: "https://e.example/cb", headers: ["X-Twilio-Signature": signature],
            body: Array(FormURLEncoding.encode(params).utf8))
    }

    @Test("SharedKey HMAC-SHA256 variant")
    func sharedKey() throws {
        let verifier = try TwilioSignatureVerifier(authTokens: ["12345"], sharedKeys: ["KS1": "shared-secret"])
        let params = [FormParameter("MessageSid", "SM9"), FormParameter("MessageStatus", "delivered")]
        let body = Array(FormURLEncoding.encode(params).utf8)
        let url = "https://e.example/cb"
        let signature = TwilioSignature.compute(url: url, parameters: params, key: "shared-secret", algorithm: .hmacSHA256)
        let settings = "key=KS1,algorithm=HMAC_SHA256"
        let verified = try verifier.verify(
            url: url,
            headers: ["X-Twilio-Signature": signature, "X-Twilio-Webhooks-Signature-Settings": settings], body: body)
        #expect(verified.algorithm == .hmacSHA256)
        #expect(throws: ReceiptVerificationError.unknownSigningKey("KS2")) {
            try verifier.verify(
                url: url,
                headers: [
                    "X-Twilio-Signature": signature,
                    "X-Twilio-Webhooks-Signature-Settings": "key=KS2,algorithm=HMAC_SHA256",
                ], body: body)
        }
        // Without the settings header the SHA-256 signature is checked as SHA-1 and fails.
        #expect(throws: ReceiptVerificationError.signatureMismatch) {
            try verifier.verify(url: url, headers: ["X-Twilio-Signature": signature], body: body)
        }
    }
}
