import Crypto
import Foundation

extension SigV4Verifier {
    /// The parsed `Authorization` header.
    struct Authorization: Equatable {
        var accessKeyID: String
        var date: String
        var region: String
        var service: String
        var signedHeaders: [String]
        var signature: String
    }

    /// Parses `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex`.
    static func parseAuthorization(_ header: String) throws(APIError) -> Authorization {
        let algorithm = "AWS4-HMAC-SHA256"
        guard header.hasPrefix(algorithm + " ") else {
            throw APIError(code: "IncompleteSignatureException", message: "Unsupported authorization scheme; expected \(algorithm).")
        }
        var fields: [String: String] = [:]
        for part in header.dropFirst(algorithm.count + 1).split(separator: ",") {
            let trimmed = trimmingWhitespace(part)
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            fields[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
            let signature = fields["Signature"]
        else {
            throw APIError(
                code: "IncompleteSignatureException",
                message: "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters."
            )
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request", !scope[0].isEmpty else {
            throw APIError(
                code: "IncompleteSignatureException",
                message: "Credential should be scoped to a valid region and service: '\(credential)'."
            )
        }
        return Authorization(
            accessKeyID: scope[0], date: scope[1], region: scope[2], service: scope[3],
            signedHeaders: signedHeaders.split(separator: ";").map { $0.lowercased() }, signature: signature
        )
    }

    /// The canonical request: method, canonical URI, canonical query, canonical headers, signed headers, body hash.
    /// - Parameter payloadHash: the hex SHA-256 of the body, when the caller has computed it already.
    public static func canonicalRequest(_ request: SigV4Request, signedHeaders: [String], payloadHash: String? = nil) -> String {
        let canonicalHeaders = signedHeaders.map { name in
            let value = request.values(of: name).map(normalizeHeaderValue).joined(separator: ",")
            return "\(name):\(value)\n"
        }.joined()
        // Always the hash of the body received, never a client's `X-Amz-Content-SHA256` claim: trusting the header
        // would let a captured request be replayed with another body.
        let payloadHash = payloadHash ?? hex(SHA256.hash(data: request.body))
        return [
            request.method.uppercased(),
            canonicalURI(request.path),
            canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
    }

    static func canonicalURI(_ path: String) -> String {
        let raw = path.isEmpty ? "/" : path
        return percentEncode(raw, keepSlash: true)
    }

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

    /// The value trimmed of whitespace, with runs of spaces inside collapsed to one.
    static func normalizeHeaderValue(_ value: String) -> String {
        let trimmed = trimmingWhitespace(Substring(value))
        var out: [UInt8] = []
        out.reserveCapacity(trimmed.utf8.count)
        var previousSpace = false
        for byte in trimmed.utf8 {
            let space = byte == UInt8(ascii: " ")
            if !(space && previousSpace) { out.append(byte) }
            previousSpace = space
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` without leading and trailing whitespace, as `trimmingCharacters(in: .whitespaces)` gives it. Spaces and
    /// tabs are trimmed in ASCII; Foundation's `CharacterSet` trimming (per request it cost more than the HMACs) runs
    /// only when what remains starts or ends with a non-ASCII character, which could be Unicode whitespace.
    static func trimmingWhitespace(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, utf8[start] == UInt8(ascii: " ") || utf8[start] == UInt8(ascii: "\t") { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == UInt8(ascii: " ") || utf8[before] == UInt8(ascii: "\t") else { break }
            end = before
        }
        if start < end, utf8[start] >= 0x80 || utf8[utf8.index(before: end)] >= 0x80 {
            return Substring(text.trimmingCharacters(in: .whitespaces))
        }
        return Substring(utf8[start..<end])
    }

    /// Parses `YYYYMMDD'T'HHMMSS'Z'` as UTC.
    static func parseAmzDate(_ text: String) -> Date? {
        // Arithmetic, not `Calendar`: a Foundation calendar and time zone per request cost more than the HMACs.
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        // Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). Like
        // `Calendar.date(from:)`, a day past the month's end or second 60 carries into what follows; unlike it, no
        // switch to the Julian calendar before 1582 (such a date fails the skew check anyway).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    /// Parses an HTTP `Date` header (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), which SigV4 accepts in place
    /// of `X-Amz-Date`.
    static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT", let day = Int(parts[1]), parts[1].count == 2,
            let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]), parts[3].count == 4
        else { return nil }
        let time = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 3, time.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let basic = String(format: "%04d%02d%02dT%@%@%@Z", year, month + 1, day, String(time[0]), String(time[1]), String(time[2]))
        return parseAmzDate(basic)
    }

    /// Formats a date as `YYYYMMDD'T'HHMMSS'Z'` (UTC), as `X-Amz-Date` carries it.
    public static func formatAmzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0
        )
    }
}
