import HeraldFuzzTargets
import HeraldIngest
import Testing

/// The targets' oracles themselves: they accept known-good inputs and notice a broken invariant.
@Suite("Fuzz target oracles")
struct FuzzInvariantTests {
    @Test("the reference splitter frames a stream the documented way")
    func referenceFrames() {
        let frames = HeraldFuzz.referenceFrames(Array("ab\r\n\n123456\nxy".utf8), limit: 5)
        #expect(frames == [.line(Array("ab".utf8)), .tooLarge(byteCount: 6), .line(Array("xy".utf8))])
    }

    @Test("well-formed inputs pass every target", arguments: [
        ("json", #"{"a":[1,"b",null,{"c":true}]}"#),
        ("pattern", "{\"a\":[{\"prefix\":\"x\"}],\"b\":[{\"numeric\":[\">\",1]}]}\n{\"a\":\"xy\",\"b\":2}"),
        ("envelope", #"{"version":"0","id":"1","detail-type":"t","source":"s","account":"1","time":"2024-01-01T00:00:00Z","region":"r","detail":{"k":1}}"#),
        ("framing", "\u{10}line one\nline two\r\n"),
        ("form", "a=1&b=two+words&c=%C3%A9"),
        ("twilio", "https://example.com/cb?cid=1\nsig\n\nMessageSid=SM1&MessageStatus=delivered"),
        ("svix", "msg_1\nv1,x\n1708645272\nwhsec_AAAA\n{\"type\":\"email.delivered\",\"created_at\":\"t\",\"data\":{\"email_id\":\"e\"}}"),
        ("hmac", "\u{5}sha256=00\n1700000000\nbody"),
        ("transform", "$.detail.n\n{\"n\":<v>,\"s\":\"<s>\"}"),
    ])
    func wellFormed(target name: String, input: String) throws {
        let target = try #require(HeraldFuzz.target(named: name))
        let finding = target.check(Array(input.utf8))
        #expect(finding == nil, "\(String(describing: finding))")
    }

    @Test("a finding names its target and invariant")
    func findingDescription() {
        let finding = FuzzFinding(target: "json", invariant: "round-trip-differs", detail: "1 became 2")
        #expect(finding.description == "json: round-trip-differs: 1 became 2")
    }
}
