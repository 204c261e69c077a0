import HeraldJSON
import Testing

@Suite("String writer")
struct StringWriterTests {
    /// Every escape class, runs of plain text between them, multi-byte scalars: written, then parsed back unchanged.
    @Test("random strings round-trip through writeString and the parser", arguments: [1, 2, 3, 4, 5])
    func roundTrip(seed: UInt64) throws {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            return z ^ (z >> 27)
        }
        let pieces: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}", "é", "😀", "plain text ", "/", "</script>"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int(next() % 12) { text += pieces[Int(next() % UInt64(pieces.count))] }
            var bytes: [UInt8] = []
            JSONValue.writeString(text, to: &bytes)
            #expect(try JSONValue(parsing: bytes) == .string(text), "\(text.debugDescription)")
        }
    }

    @Test("escapes are the short forms, control characters are lowercase \\u00XX")
    func escapes() {
        var bytes: [UInt8] = []
        JSONValue.writeString("a\"b\\c\nd\u{1}e\u{1F}", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"b\\c\nd\u0001e\u001f""#)
    }
}
