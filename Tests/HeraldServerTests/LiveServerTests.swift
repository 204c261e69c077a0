import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HeraldServer

/// Runs requests through a real HTTP server on 127.0.0.1 (port chosen by the OS).
@Suite struct LiveServerTests {
    static let credentials = ["AKIDLIVE": "live-secret"]

    /// Signs like an AWS SDK: SigV4 over content-type, host, x-amz-date and x-amz-target.
    static func sign(body: String, target: String, host: String, date: Date, secret: String) -> HTTPFields {
        let amzDate = SigV4Verifier.formatAmzDate(date)
        let day = String(amzDate.prefix(8))
        let headers: [(name: String, value: String)] = [
            (name: "content-type", value: "application/x-amz-json-1.1"), (name: "host", value: host),
            (name: "x-amz-date", value: amzDate), (name: "x-amz-target", value: target),
        ]
        let request = SigV4Request(method: "POST", path: "/", query: nil, headers: headers, body: Array(body.utf8))
        let signedHeaders = headers.map(\.name)
        let canonical = SigV4Verifier.canonicalRequest(request, signedHeaders: signedHeaders)
        let scope = "\(day)/us-east-1/events/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SigV4Verifier.hex(SHA256.hash(data: Array(canonical.utf8))))"
        let key = SigV4Verifier.signingKey(secret: secret, date: day, region: "us-east-1", service: "events")
        let signature = SigV4Verifier.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        var fields = HTTPFields()
        fields[HTTPFields.Element.Name("X-Amz-Date")!] = amzDate
        fields[HTTPFields.Element.Name("Authorization")!] =
            "AWS4-HMAC-SHA256 Credential=AKIDLIVE/\(scope), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
        return fields
    }

    @Test func signedRequestsOverARealSocket() async throws {
        let now = Date()
        let ingestor = RecordingIngestor()
        let api = try ServerFixtures.makeAPI(configuration: .init(credentials: Self.credentials), ingestor: ingestor, clock: { now })
        let app = Application(router: EventBridgeRoutes.buildRouter(api: api), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            #expect(client.port != nil)
            let host = "localhost"  // HummingbirdTesting's live client sends `Host: localhost`
            let body = json(["Entries": [["Source": "com.app", "DetailType": "OrderPlaced", "Detail": #"{"n":1}"#]]])
            let headers = Self.sign(body: body, target: "AWSEvents.PutEvents", host: host, date: now, secret: "live-secret")
            let accepted = try await client.call("PutEvents", body, extraHeaders: headers)
            #expect(accepted.status == 200)
            #expect(accepted.json["FailedEntryCount"] as? Int == 0)

            let wrong = Self.sign(body: body, target: "AWSEvents.PutEvents", host: host, date: now, secret: "not-the-secret")
            let rejected = try await client.call("PutEvents", body, extraHeaders: wrong)
            #expect(rejected.status == 400)
            #expect(rejected.errorType == "InvalidSignatureException")

            let stale = Self.sign(body: body, target: "AWSEvents.PutEvents", host: host, date: now.addingTimeInterval(-600), secret: "live-secret")
            let expired = try await client.call("PutEvents", body, extraHeaders: stale)
            #expect(expired.errorType == "InvalidSignatureException")
            #expect(expired.message?.hasPrefix("Signature expired:") == true)

            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
        #expect(await ingestor.events.count == 1)
    }
}
