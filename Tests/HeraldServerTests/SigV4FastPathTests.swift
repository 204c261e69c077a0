import Crypto
import Foundation
import Testing

@testable import HeraldServer

/// The verifier's fast paths (arithmetic dates, ASCII trimming, header lookups without lowercased copies, cached
/// signing keys) must agree with the Foundation code they replaced, kept here as the reference.
@Suite struct SigV4FastPathTests {
    /// The `Calendar` parser `parseAmzDate` replaced.
    private static func referenceDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }

    @Test func amzDatesMatchTheCalendar() {
        var texts = [
            "19700101T000000Z", "20000229T235959Z", "19000228T120000Z", "20260229T000000Z", "20261131T000000Z",
            "20261231T235960Z", "20991231T235959Z", "15821015T000000Z", "99991231T235959Z", "20240229T120000Z",
            "20261122T155444Z", "20260431T101010Z",
        ]
        var state: UInt64 = 42
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int(state >> 20)
            texts.append(
                String(
                    format: "%04d%02d%02dT%02d%02d%02dZ", 1900 + r % 300, 1 + (r / 300) % 12, 1 + (r / 3_600) % 31,
                    (r / 111_600) % 24, (r / 2_678_400) % 60, (r / 160_704_000) % 61))
        }
        for text in texts {
            #expect(SigV4Verifier.parseAmzDate(text) == Self.referenceDate(text), "\(text)")
        }
        // Before 1582-10-15 Foundation switches to the Julian calendar; the parser stays proleptic Gregorian (the
        // skew check refuses such a date either way).
        #expect(SigV4Verifier.parseAmzDate("00010101T000000Z") == Date(timeIntervalSince1970: -62_135_596_800))
        for bad in ["20261122T155444", "2026112T155444ZZ", "20261322T155444Z", "20261100T155444Z", "20261122T245444Z", "2026-122T155444Z", "20261122X155444Z", ""] {
            #expect(SigV4Verifier.parseAmzDate(bad) == nil, "\(bad)")
        }
    }

    @Test func headerValuesNormalizeAsFoundationDid() {
        let values = [
            "", " ", "\t", "a", " a ", "a  b", "\t a \t b  c\t", "  multiple   spaces   here  ", "tab\tinside",
            "\u{00A0}nbsp at start", "nbsp at end\u{00A0}", " \u{2003}em space", "é  ü", "x \u{00A0}",
        ]
        for value in values {
            let reference = value.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
                .joined(separator: " ")
            #expect(SigV4Verifier.normalizeHeaderValue(value) == reference, "\(value.debugDescription)")
        }
    }

    @Test func headerNamesCompareIgnoringASCIICase() {
        #expect(SigV4Request.asciiCaseInsensitiveEqual("X-Amz-Date", "x-amz-date"))
        #expect(SigV4Request.asciiCaseInsensitiveEqual("", ""))
        #expect(!SigV4Request.asciiCaseInsensitiveEqual("x-amz-date", "x-amz-dates"))
        #expect(!SigV4Request.asciiCaseInsensitiveEqual("x-amz-date", "x-amz-data"))
        #expect(!SigV4Request.asciiCaseInsensitiveEqual("[", "{"))  // 0x5B and 0x7B differ only in bit 0x20
        let request = SigV4Request(
            method: "GET", path: "/", query: nil, headers: [(name: "Host", value: "a"), (name: "HOST", value: "b"), (name: "hosts", value: "c")],
            body: [])
        #expect(request.values(of: "host") == ["a", "b"])
    }

    @Test func signingKeysAreCachedPerScopeAndStayCorrect() throws {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        let time = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
        func signed(date: String, amzDate: String, region: String, secret: String) -> SigV4Request {
            var request = SigV4Request(
                method: "GET", path: "/", query: nil, headers: [(name: "Host", value: "example.amazonaws.com"), (name: "X-Amz-Date", value: amzDate)],
                body: [])
            let scope = "\(date)/\(region)/service/aws4_request"
            let canonical = SigV4Verifier.canonicalRequest(request, signedHeaders: ["host", "x-amz-date"])
            let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SigV4Verifier.hex(SHA256.hash(data: Array(canonical.utf8))))"
            let key = SigV4Verifier.signingKey(secret: secret, date: date, region: region, service: "service")
            let signature = SigV4Verifier.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
            request.headers.append((
                name: "Authorization",
                value: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\(scope), SignedHeaders=host;x-amz-date, Signature=\(signature)"
            ))
            return request
        }
        let verifier = SigV4Verifier(credentials: ["AKIDEXAMPLE": secret], now: { time })
        // Two regions, each twice: the second time with the key from the cache.
        for _ in 0..<2 {
            #expect(try verifier.verify(signed(date: "20150830", amzDate: "20150830T123600Z", region: "us-east-1", secret: secret)) == "AKIDEXAMPLE")
            #expect(try verifier.verify(signed(date: "20150830", amzDate: "20150830T123600Z", region: "eu-west-1", secret: secret)) == "AKIDEXAMPLE")
        }
        // A request signed with another secret for a scope whose key is cached is still refused.
        #expect(throws: APIError.self) {
            try verifier.verify(signed(date: "20150830", amzDate: "20150830T123600Z", region: "us-east-1", secret: "not-the-secret"))
        }

        let cache = SigningKeyCache(capacity: 2)
        var derivations = 0
        func key(_ date: String) -> SymmetricKey {
            cache.key(accessKeyID: "A", date: date, region: "r", service: "s") {
                derivations += 1
                return SigV4Verifier.signingKey(secret: secret, date: date, region: "r", service: "s")
            }
        }
        let first = key("20150830")
        #expect(key("20150830") == first)
        #expect(derivations == 1)
        _ = key("20150831")
        _ = key("20150901")
        #expect(cache.count <= 2)
        #expect(key("20150830") == SigV4Verifier.signingKey(secret: secret, date: "20150830", region: "r", service: "s"))
    }
}
