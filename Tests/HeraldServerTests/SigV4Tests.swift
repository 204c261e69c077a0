import Crypto
import Foundation
import HeraldServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SigV4Tests {
    /// Signed by botocore 1.x `SigV4Auth(Credentials("AKIDHERALDTEST", "herald-secret-key/EXAMPLE"), "events", "us-east-1")`.
    static let botocoreRequest = SigV4Request(
        method: "POST", path: "/", query: nil,
        headers: [
            (name: "X-Amz-Target", value: "AWSEvents.ListRules"),
            (name: "Content-Type", value: "application/x-amz-json-1.1"),
            (name: "X-Amz-Date", value: "20261122T155444Z"),
            (name: "host", value: "127.0.0.1:4010"),
            (
                name: "Authorization",
                value: "AWS4-HMAC-SHA256 Credential=AKIDHERALDTEST/20261122/us-east-1/events/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=3e5cdf2cf5dd30c50ba9aadc05e6bacf92bbc8f208725bbcb49d2d67151b7b8d"
            ),
        ],
        body: Array(#"{"NamePrefix": "orders"}"#.utf8)
    )
    static let signingTime = Date(timeIntervalSince1970: 1_795_362_884)  // 2026-11-22T15:54:44Z
    static let credentials = ["AKIDHERALDTEST": "herald-secret-key/EXAMPLE"]

    @Test func botocoreVectorIsAccepted() throws {
        let verifier = SigV4Verifier(credentials: Self.credentials, now: { Self.signingTime.addingTimeInterval(120) })
        #expect(try verifier.verify(Self.botocoreRequest) == "AKIDHERALDTEST")
    }

    /// AWS SigV4 test suite, `get-vanilla`.
    @Test func awsTestSuiteGetVanilla() throws {
        let request = SigV4Request(
            method: "GET", path: "/", query: nil,
            headers: [
                (name: "Host", value: "example.amazonaws.com"),
                (name: "X-Amz-Date", value: "20150830T123600Z"),
                (
                    name: "Authorization",
                    value: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
                ),
            ],
            body: []
        )
        let verifier = SigV4Verifier(
            credentials: ["AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"],
            now: { Date(timeIntervalSince1970: 1_440_938_160) }
        )
        #expect(try verifier.verify(request) == "AKIDEXAMPLE")
    }

    @Test func wrongSecretTamperedBodyUnknownKeyAndStaleDateAreRejected() {
        func code(_ credentials: [String: String], _ request: SigV4Request, at time: Date = Self.signingTime) -> String? {
            do {
                try SigV4Verifier(credentials: credentials, now: { time }).verify(request)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(["AKIDHERALDTEST": "wrong"], Self.botocoreRequest) == "InvalidSignatureException")
        var tampered = Self.botocoreRequest
        tampered.body = Array(#"{"NamePrefix": "orderz"}"#.utf8)
        #expect(code(Self.credentials, tampered) == "InvalidSignatureException")
        #expect(code(["OTHER": "x"], Self.botocoreRequest) == "UnrecognizedClientException")
        #expect(code(Self.credentials, Self.botocoreRequest, at: Self.signingTime.addingTimeInterval(301)) == "InvalidSignatureException")
        #expect(code(Self.credentials, Self.botocoreRequest, at: Self.signingTime.addingTimeInterval(-301)) == "InvalidSignatureException")
        var unsigned = Self.botocoreRequest
        unsigned.headers.removeAll { $0.name == "Authorization" }
        #expect(code(Self.credentials, unsigned) == "MissingAuthenticationTokenException")
        var garbled = Self.botocoreRequest
        garbled.headers[4] = (name: "Authorization", value: "AWS4-HMAC-SHA256 Credential=x")
        #expect(code(Self.credentials, garbled) == "IncompleteSignatureException")
    }

    /// Signs `headers` (all of them, names lower-cased) and `body` with the test credentials at `signingTime`, the way
    /// botocore does; `dateHeader` names the header carrying the time (`x-amz-date`, or `date` in HTTP form).
    static func signed(
        headers: [(name: String, value: String)], body: [UInt8], dateHeader: String = "x-amz-date", claimedBodyHash: String? = nil
    ) -> SigV4Request {
        let amzDate = "20261122T155444Z"
        var all = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        all.append((name: dateHeader, value: dateHeader == "date" ? "Sun, 22 Nov 2026 15:54:44 GMT" : amzDate))
        if let claimedBodyHash { all.append((name: "x-amz-content-sha256", value: claimedBodyHash)) }
        let names = Array(Set(all.map(\.name))).sorted()
        let request = SigV4Request(method: "POST", path: "/", query: nil, headers: all, body: body)
        let canonical = SigV4Verifier.canonicalRequest(request, signedHeaders: names, payloadHash: claimedBodyHash)
        let scope = "20261122/us-east-1/events/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SigV4Verifier.hex(SHA256.hash(data: Array(canonical.utf8))))"
        let key = SigV4Verifier.signingKey(secret: "herald-secret-key/EXAMPLE", date: "20261122", region: "us-east-1", service: "events")
        let signature = SigV4Verifier.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        var result = request
        result.headers.append((
            name: "Authorization",
            value: "AWS4-HMAC-SHA256 Credential=AKIDHERALDTEST/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"))
        return result
    }

    static func errorCode(_ request: SigV4Request) -> (code: String, message: String)? {
        do {
            try SigV4Verifier(credentials: credentials, now: { signingTime }).verify(request)
            return nil
        } catch {
            return (error.code, error.message)
        }
    }

    static let target: [(name: String, value: String)] = [
        (name: "host", value: "127.0.0.1:4010"), (name: "x-amz-target", value: "AWSEvents.PutRule"),
        (name: "content-type", value: "application/x-amz-json-1.1"),
    ]

    @Test("the body is always hashed: an X-Amz-Content-SHA256 claim cannot carry another body past the signature")
    func bodyHashIsComputedNotTrusted() {
        let original = Array(#"{"Name":"innocent-rule"}"#.utf8)
        let originalHash = SigV4Verifier.hex(SHA256.hash(data: original))
        let genuine = Self.signed(headers: Self.target, body: original)
        #expect(Self.errorCode(genuine) == nil)
        // The captured request replayed with another body and an unsigned header claiming the original body's hash.
        var swapped = genuine
        swapped.body = Array(#"{"Name":"attacker-rule"}"#.utf8)
        swapped.headers.append((name: "X-Amz-Content-SHA256", value: originalHash))
        #expect(Self.errorCode(swapped)?.code == "InvalidSignatureException")
        // A signed claim must match the body too; a correct one is accepted.
        #expect(Self.errorCode(Self.signed(headers: Self.target, body: original, claimedBodyHash: originalHash)) == nil)
        let unsignedPayload = Self.signed(headers: Self.target, body: original, claimedBodyHash: "UNSIGNED-PAYLOAD")
        #expect(Self.errorCode(unsignedPayload)?.code == "InvalidSignatureException")
    }

    @Test("host must be signed; a session token is refused; a signed Date header works in place of X-Amz-Date")
    func signedHeaderRules() {
        let body = Array("{}".utf8)
        let noHost = Self.signed(headers: Array(Self.target.dropFirst()), body: body)
        #expect(Self.errorCode(noHost)?.code == "IncompleteSignatureException")
        #expect(Self.errorCode(noHost)?.message.contains("'Host' or ':authority' must be a 'SignedHeader'") == true)
        let token = Self.signed(headers: Self.target + [(name: "x-amz-security-token", value: "FAKETOKEN")], body: body)
        #expect(Self.errorCode(token)?.code == "UnrecognizedClientException")
        #expect(Self.errorCode(Self.signed(headers: Self.target, body: body, dateHeader: "date")) == nil)
        var badDate = Self.signed(headers: Self.target, body: body)
        badDate.headers = badDate.headers.map { $0.name == "x-amz-date" ? (name: $0.name, value: "2026-11-22T15:54:44Z") : $0 }
        #expect(Self.errorCode(badDate)?.message.contains("Date must be in ISO-8601 'basic format'") == true)
    }

    @Test func staleDateMessageNamesTheWindow() {
        do {
            try SigV4Verifier(credentials: Self.credentials, now: { Self.signingTime.addingTimeInterval(600) }).verify(Self.botocoreRequest)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "Signature expired: 20261122T155444Z is now earlier than 20261122T155944Z (20261122T160444Z - 5 min.)")
        }
    }

    @Test func serverEnforcesSignaturesWhenCredentialsAreConfigured() async throws {
        let api = try ServerFixtures.makeAPI(
            configuration: .init(credentials: Self.credentials), clock: { Self.signingTime }
        )
        try await ServerFixtures.withClient(api) { client in
            var headers = HTTPFields()
            for (name, value) in Self.botocoreRequest.headers where name != "X-Amz-Target" && name != "Content-Type" {
                headers[HTTPFields.Element.Name(name)!] = value
            }
            let signed = try await client.call("ListRules", #"{"NamePrefix": "orders"}"#, extraHeaders: headers)
            #expect(signed.status == 200)
            let unsigned = try await client.call("ListRules", #"{"NamePrefix": "orders"}"#)
            #expect(unsigned.errorType == "MissingAuthenticationTokenException")
            let tampered = try await client.call("ListRules", #"{"NamePrefix": "orderz"}"#, extraHeaders: headers)
            #expect(tampered.errorType == "InvalidSignatureException")
        }
    }

    @Test func anyCallerIsAcceptedWithoutCredentials() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            var headers = HTTPFields()
            headers[HTTPFields.Element.Name("Authorization")!] = "AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=00"
            let answer = try await client.call("ListRules", "{}", extraHeaders: headers)
            #expect(answer.status == 200)
        }
    }
}
