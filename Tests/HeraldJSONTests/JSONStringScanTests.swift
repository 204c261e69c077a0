import Foundation
import HeraldJSON
import Testing

@Suite("String scanning at every offset")
struct JSONStringScanTests {
    @Test("escapes, control bytes, non-ASCII and closing quotes are found at any position")
    func everyOffset() throws {
        for length in 0..<40 {
            for position in 0..<max(length, 1) {
                var plain = Array(repeating: UInt8(ascii: "a"), count: length)
                if length > 0 {
                    plain[position] = UInt8(ascii: "\\")
                    plain.insert(UInt8(ascii: "n"), at: position + 1)
                }
                let escaped = try JSONValue(parsing: [0x22] + plain + [0x22])
                #expect(escaped.stringValue?.utf8.count == length)
                if length > 0 {
                    var control = Array(repeating: UInt8(ascii: "a"), count: length)
                    control[position] = 0x01
                    #expect(throws: JSONError.self) { try JSONValue(parsing: [0x22] + control + [0x22]) }
                    var accented = Array(repeating: UInt8(ascii: "a"), count: length)
                    accented.replaceSubrange(position..<(position + 1), with: Array("é".utf8))
                    #expect(try JSONValue(parsing: [0x22] + accented + [0x22]).stringValue?.contains("é") == true)
                    var broken = Array(repeating: UInt8(ascii: "a"), count: length)
                    broken[position] = 0xC3
                    #expect(throws: JSONError.self) { try JSONValue(parsing: [0x22] + broken + [0x22] + [0x20]) }
                    let skipped: Void? = try? JSONReader.read([0x5B, 0x22] + broken + [0x22, 0x5D]) {
                        (reader: inout JSONReader) throws(JSONError) in try reader.skipValue()
                    }
                    #expect(skipped == nil)
                }
            }
        }
    }

    @Test("strings with many escapes round-trip, and a control byte or the end after an escape is refused")
    func manyEscapes() throws {
        let pieces = ["a", "bcdefghij", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "日本", "😀", "{\"k\":1}", " "]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<500 {
            var text = ""
            for _ in 0..<next(40) { text += pieces[next(pieces.count)] }
            // Foundation escapes quotes, backslashes, slashes and control characters; Herald's writer fewer: both read back.
            let foundation = try JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
            #expect(try JSONValue(parsing: Array(foundation)) == .array([.string(text)]))
            var herald: [UInt8] = []
            JSONValue.writeString(text, to: &herald)
            #expect(try JSONValue(parsing: herald) == .string(text))
            var compact: [UInt8] = []
            try JSONValue.appendCompactText(of: herald, to: &compact)
            #expect(compact == herald)
        }
        for tail in ["\\n\u{01}\"", "\\n", "\\u00e9", "\\"] {
            #expect(throws: JSONError.self) { try JSONValue(parsing: Array(("\"ab" + tail).utf8)) }
        }
    }
}

