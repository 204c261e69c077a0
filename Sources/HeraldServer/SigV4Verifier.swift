import Crypto
import Foundation

/// Verifies AWS Signature Version 4 `Authorization` headers (`AWS4-HMAC-SHA256`) against known credentials.
///
/// Pure code: the clock is injected, nothing is logged. The credential scope's region and service are taken from
/// the request (any region is accepted); the signing date must match `X-Amz-Date`, which must lie within
/// `maxClockSkewSeconds` of the clock.
public struct SigV4Verifier: Sendable {
    /// Access key id → secret access key.
    public let credentials: [String: String]
    /// Accepted clock skew in seconds (AWS: 5 minutes).
    public let maxClockSkewSeconds: Int
    private let now: @Sendable () -> Date
    /// Derived signing keys by access key id and scope: a key serves every request of its day (as the SDKs cache it).
    private let signingKeys = SigningKeyCache()

    /// Creates a verifier.
    /// - Parameters:
    ///   - credentials: access key id → secret access key.
    ///   - maxClockSkewSeconds: accepted difference between `X-Amz-Date` and `now()`.
    ///   - now: the clock.
    public init(credentials: [String: String], maxClockSkewSeconds: Int = 300, now: @escaping @Sendable () -> Date) {
        self.credentials = credentials
        self.maxClockSkewSeconds = maxClockSkewSeconds
        self.now = now
    }

    /// Checks the request's signature.
    /// - Returns: the access key id that signed the request.
    /// - Throws: `MissingAuthenticationTokenException`, `IncompleteSignatureException`, `UnrecognizedClientException`,
    ///   or `InvalidSignatureException` (wrong signature, expired or not-yet-valid date), as AWS answers them.
    @discardableResult
    public func verify(_ request: SigV4Request) throws(APIError) -> String {
        guard let header = request.values(of: "authorization").first else {
            throw APIError(code: "MissingAuthenticationTokenException", message: "Missing Authentication Token")
        }
        let auth = try Self.parseAuthorization(header)
        guard auth.signedHeaders.contains("host") else {
            throw APIError(
                code: "IncompleteSignatureException",
                message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        guard let secret = credentials[auth.accessKeyID] else {
            throw APIError(code: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        }
        // Herald issues no temporary credentials: a session token cannot be valid (AWS answers a bad one so too), and
        // accepting it would let a stale AWS_SESSION_TOKEN pass here and fail against AWS.
        guard request.values(of: "x-amz-security-token").isEmpty else {
            throw APIError(code: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        }
        let amzDate: String
        let requestTime: Date
        if let given = request.values(of: "x-amz-date").first {
            guard let parsed = Self.parseAmzDate(given) else {
                throw APIError(
                    code: "IncompleteSignatureException",
                    message: "Date must be in ISO-8601 'basic format'. Got '\(given)'. See http://en.wikipedia.org/wiki/ISO_8601")
            }
            (amzDate, requestTime) = (given, parsed)
        } else if let given = request.values(of: "date").first {
            guard let parsed = Self.parseHTTPDate(given) else {
                throw APIError(
                    code: "IncompleteSignatureException",
                    message: "Date must be an HTTP date such as 'Sun, 06 Nov 1994 08:49:37 GMT'. Got '\(given)'.")
            }
            (amzDate, requestTime) = (Self.formatAmzDate(parsed), parsed)
        } else {
            throw APIError(
                code: "IncompleteSignatureException",
                message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
            )
        }
        try checkSkew(requestTime: requestTime, amzDate: amzDate)
        guard amzDate.hasPrefix(auth.date) else {
            throw APIError(
                code: "InvalidSignatureException",
                message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(auth.date)' != '\(amzDate.prefix(8))'"
            )
        }
        let payloadHash = Self.hex(SHA256.hash(data: request.body))
        if let claimed = request.values(of: "x-amz-content-sha256").first, claimed.lowercased() != payloadHash {
            throw APIError(
                code: "InvalidSignatureException",
                message: "The provided 'x-amz-content-sha256' header does not match what was computed.")
        }
        let canonical = Self.canonicalRequest(request, signedHeaders: auth.signedHeaders, payloadHash: payloadHash)
        let scope = "\(auth.date)/\(auth.region)/\(auth.service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.hex(SHA256.hash(data: Array(canonical.utf8))))"
        let key = signingKeys.key(accessKeyID: auth.accessKeyID, date: auth.date, region: auth.region, service: auth.service) {
            Self.signingKey(secret: secret, date: auth.date, region: auth.region, service: auth.service)
        }
        let expected = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        guard Self.constantTimeEqual(expected, auth.signature.lowercased()) else {
            throw APIError(
                code: "InvalidSignatureException",
                message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
            )
        }
        return auth.accessKeyID
    }

    private func checkSkew(requestTime: Date, amzDate: String) throws(APIError) {
        let current = now()
        let skew = TimeInterval(maxClockSkewSeconds)
        let minutes = maxClockSkewSeconds / 60
        if requestTime < current.addingTimeInterval(-skew) {
            let earliest = Self.formatAmzDate(current.addingTimeInterval(-skew))
            throw APIError(
                code: "InvalidSignatureException",
                message: "Signature expired: \(amzDate) is now earlier than \(earliest) (\(Self.formatAmzDate(current)) - \(minutes) min.)"
            )
        }
        if requestTime > current.addingTimeInterval(skew) {
            let latest = Self.formatAmzDate(current.addingTimeInterval(skew))
            throw APIError(
                code: "InvalidSignatureException",
                message: "Signature not yet current: \(amzDate) is still later than \(latest) (\(Self.formatAmzDate(current)) + \(minutes) min.)"
            )
        }
    }

    /// The derived signing key: HMAC chain over date, region, service and `aws4_request`.
    public static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// Lower-case hex of a digest.
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
