import Crypto
public import Foundation

/// Signs HTTP requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`), the mirror of the server's
/// `SigV4Verifier`: the same canonical request, string to sign and derived key. Like botocore for EventBridge, it
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
        let amzDate = Self.amzDate(date)
        let day = String(amzDate.prefix(8))
        var all = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        all.removeAll { $0.name == "x-amz-date" || $0.name == "authorization" }
        all.append((name: "x-amz-date", value: amzDate))
        let names = Array(Set(all.map(\.name))).sorted()
        let canonicalHeaders = names.map { name in
            let value = all.filter { $0.name == name }.map { Self.normalizeHeaderValue($0.value) }.joined(separator: ",")
            return "\(name):\(value)\n"
        }.joined()
        let canonical = [
            method.uppercased(), Self.percentEncode(path.isEmpty ? "/" : path, keepSlash: true), Self.canonicalQuery(query),
            canonicalHeaders, names.joined(separator: ";"), Self.hex(SHA256.hash(data: body)),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.hex(SHA256.hash(data: Array(canonical.utf8))))"
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(day: day)))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"
        return [(name: "X-Amz-Date", value: amzDate), (name: "Authorization", value: authorization)]
    }

    /// The derived signing key for `day` (`YYYYMMDD`): the HMAC chain over day, region, service and `aws4_request`.
    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// The canonical query string: pairs decoded, re-encoded (RFC 3986) and sorted by name, then value.
    static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (percentEncode(key, keepSlash: false), percentEncode(value, keepSlash: false))
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// RFC 3986 encoding of everything but unreserved characters (and `/` when `keepSlash`).
    static func percentEncode(_ text: String, keepSlash: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Trims a header value and collapses runs of spaces.
    static func normalizeHeaderValue(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Formats a date as `YYYYMMDD'T'HHMMSS'Z'` (UTC).
    static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0)
    }

    /// Lower-case hex of a digest.
    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
