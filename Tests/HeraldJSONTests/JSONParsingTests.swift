import HeraldJSON
import Testing

@Suite("JSON parsing")
struct JSONParsingTests {
    @Test("scalars parse", arguments: [
        ("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null),
        ("\"x\"", .string("x")), (" 0 ", .number(JSONNumber(0))), ("\"\"", .string("")),
    ])
    func scalars(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
    }

    @Test("number literals are kept exactly", arguments: [
        "0", "-0", "3.0e2", "3.0E+2", "12345678901234567890", "1e400", "5e-324", "-1.5", "0.29999999999999999",
        "1E-7", "123456789012345678901234567890.000000000000000000001",
    ])
    func numberLiterals(literal: String) throws {
        let value = try JSONValue(parsing: "[\(literal)]")
        #expect(value[0]?.numberValue?.literal == literal)
        #expect(value.jsonText == "[\(literal)]")
    }

    @Test("invalid numbers are rejected", arguments: [
        "01", "-", "1.", ".5", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1.e3", "--1", "00",
    ])
    func invalidNumbers(text: String) {
        #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
    }

    @Test("escapes decode")
    func escapes() throws {
        let value = try JSONValue(parsing: #""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u4e2d""#)
        #expect(value.stringValue == "a\"b\\c/d\u{8}\u{C}\n\r\tAé中")
    }

    @Test("surrogate pairs combine; lone surrogates become U+FFFD")
    func surrogates() throws {
        #expect(try JSONValue(parsing: #""\uD83D\uDE00""#).stringValue == "😀")
        #expect(try JSONValue(parsing: #""\ud83d\ude00x""#).stringValue == "😀x")
        #expect(try JSONValue(parsing: #""\uD83D""#).stringValue == "\u{FFFD}")
        #expect(try JSONValue(parsing: #""\uDE00a""#).stringValue == "\u{FFFD}a")
        #expect(try JSONValue(parsing: #""\uD83Dx""#).stringValue == "\u{FFFD}x")
        #expect(try JSONValue(parsing: #""\uD83D\u0041""#).stringValue == "\u{FFFD}A")
    }

    @Test("raw UTF-8 is kept and invalid UTF-8 rejected")
    func utf8() throws {
        #expect(try JSONValue(parsing: Array("\"é😀\"".utf8)).stringValue == "é😀")
        let invalid: [[UInt8]] = [
            [0x22, 0xC3, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22],
            [0x22, 0x5C, 0x6E, 0xE9, 0x22],
        ]
        for bytes in invalid {
            #expect(throws: JSONError.self) { try JSONValue(parsing: bytes) }
        }
    }

    @Test("bad strings are rejected", arguments: [
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"a\u{1}b\"", "\"tab\there\"", "\"line\nbreak\"", "'x'",
    ])
    func badStrings(text: String) {
        #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
    }

    @Test("structural garbage is rejected", arguments: [
        "", " ", "[", "]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}", "{\"a\" 1}", "1 2",
        "[1]x", "nul", "truex", "True", "\u{FEFF}{}", "/* c */ 1", "[,1]", "{,}", "{\"a\":1 \"b\":2}",
    ])
    func garbage(text: String) {
        #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
    }

    @Test("errors carry the byte offset and reason")
    func errorOffsets() {
        #expect(throws: JSONError(offset: 6, reason: .unexpectedByte(UInt8(ascii: "]")))) {
            try JSONValue(parsing: "{\"a\":1]")
        }
        #expect(throws: JSONError(offset: 4, reason: .trailingData)) { try JSONValue(parsing: "[1] x") }
        #expect(throws: JSONError(offset: 2, reason: .invalidEscape)) { try JSONValue(parsing: "\"\\q\"") }
        #expect(throws: JSONError(offset: 0, reason: .unexpectedEndOfInput)) { try JSONValue(parsing: "") }
        let message = JSONError(offset: 3, reason: .invalidNumber).description
        #expect(message == "invalid JSON at byte 3: invalid number")
    }

    @Test("nesting depth is limited")
    func depth() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONValue(parsing: ok).arrayValue != nil)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONError.self) { try JSONValue(parsing: deep) }
        let object = String(repeating: "{\"a\":", count: 10) + "1" + String(repeating: "}", count: 10)
        #expect(throws: JSONError(offset: 20, reason: .nestingTooDeep(maximum: 4))) {
            try JSONValue(parsing: object, maximumDepth: 4)
        }
        let huge = String(repeating: "[", count: 100_000)
        #expect(throws: JSONError.self) { try JSONValue(parsing: huge) }
    }

    @Test("whitespace of all four kinds is allowed around tokens")
    func whitespace() throws {
        let value = try JSONValue(parsing: " \t\r\n{ \"a\" :\n[ 1 ,\t2 ] } \n")
        #expect(value == ["a": [1, 2]])
    }

    @Test("non-contiguous collections parse too")
    func nonContiguous() throws {
        let bytes = "{\"k\":[true,null]}".utf8.lazy.map { $0 }
        #expect(try JSONValue(parsing: bytes) == ["k": [true, nil]])
    }
}
