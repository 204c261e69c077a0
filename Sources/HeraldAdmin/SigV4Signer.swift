import Crypto
public import Foundation
import HeraldServer

/// Signs HTTP requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`) through the server's `SigV4Verifier`
/// helpers: the same canonical request, string to sign and derived key. Like botocore for EventBridge, it
/// signs every given header plus `X-Amz-Date` and sends no `X-Amz-Content-Sha256`.
///
/// Pure code: the time is a parameter, nothing is read from the environment.
public struct SigV4Signer: Sendable {
    /// The access key id (`AKIA…`).
    public let accessKeyID: String
    /// The secret access key.
    public let secretAccessKey: String
    /// The region of the credential scope, e.g. `us-east-1`.
    public let region: String
    /// The service of the credential scope (`events` for EventBridge).
    public let service: String

    /// Creates a signer.
    /// - Parameters:
    ///   - accessKeyID: The access key id.
    ///   - secretAccessKey: The secret access key.
    ///   - region: The credential scope's region.
    ///   - service: The credential scope's service.
    public init(accessKeyID: String, secretAccessKey: String, region: String = "us-east-1", service: String = "events") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.region = region
        self.service = service
    }

    /// The headers to add to a request so that it verifies: `X-Amz-Date` and `Authorization`.
    ///
    /// Every header in `headers` is signed (names lower-cased and sorted), so pass exactly the headers that will be
    /// sent, including `Host`.
    /// - Parameters:
    ///   - method: The HTTP method, e.g. `POST`.
    ///   - path: The raw (percent-encoded) path, e.g. `/`.
    ///   - query: The raw query string without `?`, if any.
    ///   - headers: The headers that will be sent (must include `host`).
    ///   - body: The body bytes.
    ///   - date: The signing time.
    public func signatureHeaders(
        method: String, path: String, query: String?, headers: [(name: String, value: String)], body: [UInt8], date: Date
    ) -> [(name: String, value: String)] {
        let amzDate = SigV4Verifier.formatAmzDate(date)
        let day = String(amzDate.prefix(8))
        var all = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        all.removeAll { $0.name == "x-amz-date" || $0.name == "authorization" }
        all.append((name: "x-amz-date", value: amzDate))
        let names = Array(Set(all.map(\.name))).sorted()
        // The verifier's own canonical request and key derivation, so signing and verifying cannot drift apart.
        let request = SigV4Request(method: method, path: path, query: query, headers: all, body: body)
        let canonical = SigV4Verifier.canonicalRequest(request, signedHeaders: names)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SigV4Verifier.hex(SHA256.hash(data: Array(canonical.utf8))))"
        let key = SigV4Verifier.signingKey(secret: secretAccessKey, date: day, region: region, service: service)
        let signature = SigV4Verifier.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"
        return [(name: "X-Amz-Date", value: amzDate), (name: "Authorization", value: authorization)]
    }
}
