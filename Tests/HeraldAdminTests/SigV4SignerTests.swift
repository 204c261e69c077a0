import Foundation
import HeraldAdmin
import Testing

#if canImport(HeraldServer)
import HeraldServer
#endif

@Suite("SigV4 signer")
struct SigV4SignerTests {
    /// AWS SigV4 test suite, `get-vanilla` (the documented example credentials and date).
    @Test("reproduces AWS's get-vanilla example exactly")
    func awsGetVanilla() {
        let signer = SigV4Signer(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1",
            service: "service")
        let headers = signer.signatureHeaders(
            method: "GET", path: "/", query: nil, headers: [(name: "Host", value: "example.amazonaws.com")], body: [],
            date: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(headers.first { $0.name == "X-Amz-Date" }?.value == "20150830T123600Z")
        #expect(
            headers.first { $0.name == "Authorization" }?.value
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }

    /// The request botocore signed for the server's own test (`SigV4Tests.botocoreRequest`).
    @Test("reproduces a botocore-signed EventBridge request")
    func botocoreListRules() {
        let signer = SigV4Signer(accessKeyID: "AKIDHERALDTEST", secretAccessKey: "herald-secret-key/EXAMPLE")
        let headers = signer.signatureHeaders(
            method: "POST", path: "/", query: nil,
            headers: [
                (name: "X-Amz-Target", value: "AWSEvents.ListRules"), (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "host", value: "127.0.0.1:4010"),
            ],
            body: Array(#"{"NamePrefix": "orders"}"#.utf8), date: Date(timeIntervalSince1970: 1_795_362_884))
        let authorization = headers.first { $0.name == "Authorization" }?.value ?? ""
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target"))
        #expect(authorization.hasSuffix("Signature=3e5cdf2cf5dd30c50ba9aadc05e6bacf92bbc8f208725bbcb49d2d67151b7b8d"))
    }

    #if canImport(HeraldServer)
    /// Signs with the signer, verifies with the server's verifier.
    private func verify(
        signedWith secret: String, query: String? = nil, body: [UInt8], tamper: (inout SigV4Request) -> Void = { _ in }
    ) -> String? {
        let date = Date(timeIntervalSince1970: 1_795_400_000)
        let signer = SigV4Signer(accessKeyID: "AKIDCLI", secretAccessKey: secret, region: "eu-west-1")
        let headers: [(name: String, value: String)] = [
            (name: "Host", value: "127.0.0.1:4010"), (name: "Content-Type", value: "application/x-amz-json-1.1"),
            (name: "X-Amz-Target", value: "AWSEvents.DescribeReplay"), (name: "X-Custom", value: "  two   spaces "),
        ]
        var request = SigV4Request(
            method: "POST", path: "/", query: query,
            headers: headers + signer.signatureHeaders(method: "POST", path: "/", query: query, headers: headers, body: body, date: date),
            body: body)
        tamper(&request)
        let verifier = SigV4Verifier(credentials: ["AKIDCLI": "cli-secret/EXAMPLE"], now: { date.addingTimeInterval(30) })
        do {
            return try verifier.verify(request)
        } catch {
            return error.code
        }
    }

    @Test("the server's verifier accepts what the signer signs, and rejects a wrong secret or a changed request")
    func roundTripAgainstVerifier() {
        let body = Array(#"{"ReplayName":"r ü/1"}"#.utf8)
        #expect(verify(signedWith: "cli-secret/EXAMPLE", body: body) == "AKIDCLI")
        #expect(verify(signedWith: "cli-secret/EXAMPLE", query: "b=2&a=x%20y&a=1", body: body) == "AKIDCLI")
        #expect(verify(signedWith: "wrong", body: body) == "InvalidSignatureException")
        #expect(verify(signedWith: "cli-secret/EXAMPLE", body: body) { $0.body = Array("{}".utf8) } == "InvalidSignatureException")
        #expect(
            verify(signedWith: "cli-secret/EXAMPLE", body: body) { request in
                request.headers[2] = (name: "X-Amz-Target", value: "AWSEvents.CancelReplay")
            } == "InvalidSignatureException")
    }
    #endif
}
