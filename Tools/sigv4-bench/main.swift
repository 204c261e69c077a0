// herald-sigv4-bench: what verifying one AWS Signature Version 4 request costs Herald's API (the check every call
// makes once credentials are configured), in µs per request, median of 7 timed passes.
//
//     swift run -c release herald-sigv4-bench [BODY_BYTES]      # default 10,240: a PutEvents call of 10 × 1 KiB
//
// It signs one boto3-shaped PutEvents request the way the SDKs do, then verifies it repeatedly; the parts (payload
// hash, canonical request, signing-key derivation) are timed on their own for comparison.
import Crypto
import Foundation
import HeraldServer

func seconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Median µs per call of `body` over 7 passes of `count` calls.
func measure(_ count: Int = 20_000, _ body: () throws -> Void) rethrows -> Double {
    var passes: [Double] = []
    for _ in 0..<7 {
        let start = seconds()
        for _ in 0..<count { try body() }
        passes.append((seconds() - start) / Double(count) * 1e6)
    }
    return passes.sorted()[passes.count / 2]
}

let bodyBytes = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 10_240
let body = Array(repeating: UInt8(ascii: "x"), count: max(0, bodyBytes))
let amzDate = "20261124T051500Z"
let signingTime = Date(timeIntervalSince1970: 1_795_497_300)  // 2026-11-24T05:15:00Z
var headers: [(name: String, value: String)] = [
    ("Host", "127.0.0.1:4010"), ("X-Amz-Date", amzDate), ("X-Amz-Target", "AWSEvents.PutEvents"),
    ("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", "\(body.count)"),
    ("User-Agent", "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux"), ("Accept-Encoding", "identity"),
]
let signedHeaders = ["content-type", "host", "x-amz-date", "x-amz-target"]
let scope = "20261124/us-east-1/events/aws4_request"
var request = SigV4Request(method: "POST", path: "/", query: nil, headers: headers, body: body)
let canonical = SigV4Verifier.canonicalRequest(request, signedHeaders: signedHeaders)
let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SigV4Verifier.hex(SHA256.hash(data: Array(canonical.utf8))))"
let key = SigV4Verifier.signingKey(secret: "bench-secret", date: "20261124", region: "us-east-1", service: "events")
let signature = SigV4Verifier.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
headers.append((
    "Authorization",
    "AWS4-HMAC-SHA256 Credential=AKIDBENCH/\(scope), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
))
request = SigV4Request(method: "POST", path: "/", query: nil, headers: headers, body: body)
let verifier = SigV4Verifier(credentials: ["AKIDBENCH": "bench-secret"], now: { signingTime })
guard (try? verifier.verify(request)) == "AKIDBENCH" else {
    print("the bench request does not verify")
    exit(1)
}

print("SigV4 verification of one PutEvents-shaped request, \(body.count) body bytes (median of 7 passes, µs per call)")
print("| part | µs |")
print("|---|---|")
print(String(format: "| verify (whole check) | %.1f |", try measure { _ = try verifier.verify(request) }))
print(String(format: "| SHA-256 of the body | %.1f |", measure { _ = SHA256.hash(data: body) }))
print(String(format: "| canonical request (includes the body hash) | %.1f |", measure { _ = SigV4Verifier.canonicalRequest(request, signedHeaders: signedHeaders) }))
print(String(format: "| signing key derived (4 HMACs; cached by verify) | %.1f |", measure { _ = SigV4Verifier.signingKey(secret: "bench-secret", date: "20261124", region: "us-east-1", service: "events") }))
