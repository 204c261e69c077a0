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
}
