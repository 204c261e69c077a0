import HeraldJSON
import Testing

@Suite("JSON pull reader")
struct JSONReaderTests {
    static let documents: [String] = [
        "{}", "[]", "1", "\"x\"", "true", "null", #"{"a":[1,{"b":null},"c\n\u00e9",-0.5e3],"d":{"e":false}}"#,
        #"[[[]],{},{"":""}]"#, " { \"a\" : [ 1 , 2 ] } ", #""\uD83D\uDE00""#,
        // invalid
        "", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "01", "\"\\x\"", "\"a\u{1}\"", "[1]x", "{\"a\":tru}",
        "[\"\\u12\"]", "{1:2}", "[,]", "nul",
    ]

    /// Rebuilds a value through the reader.
    static func rebuild(_ reader: inout JSONReader) throws(JSONError) -> JSONValue {
        switch try reader.peek() {
        case .object:
            try reader.enterObject()
            var members: [JSONObject.Member] = []
            while let key = try reader.nextKey() { members.append(.init(key: key, value: try rebuild(&reader))) }
            return .object(JSONObject(members: members))
        case .array:
            try reader.enterArray()
            var elements: [JSONValue] = []
            while try reader.nextElement() { elements.append(try rebuild(&reader)) }
            return .array(elements)
        case .string: return .string(try reader.readString())
        case .number: return .number(try reader.readNumber())
        case .bool: return .bool(try reader.readBool())
        case .null:
            try reader.readNull()
            return .null
        }
    }

    @Test("reading and skipping accept exactly what the parser accepts", arguments: documents)
    func parity(document: String) {
        let expected = try? JSONValue(parsing: document)
        let rebuilt = try? JSONReader.read(Array(document.utf8)) { (reader: inout JSONReader) throws(JSONError) in
            try Self.rebuild(&reader)
        }
        #expect(rebuilt == expected)
        let skipped: Void? = try? JSONReader.read(Array(document.utf8)) { (reader: inout JSONReader) throws(JSONError) in
            try reader.skipValue()
        }
        #expect((skipped != nil) == (expected != nil))
    }

    @Test("skipping validates UTF-8 and depth")
    func skipValidation() {
        let invalidUTF8: [UInt8] = [0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D]
        #expect(throws: JSONError.self) {
            try JSONReader.read(invalidUTF8) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
        }
        let deep = Array((String(repeating: "[", count: 20) + String(repeating: "]", count: 20)).utf8)
        #expect(throws: JSONError.self) {
            try JSONReader.read(deep, maximumDepth: 10) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
        }
        let valid = Array("[\"é😀\"]".utf8)
        #expect(throws: Never.self) {
            try JSONReader.read(valid) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
        }
    }

    @Test("reading the wrong kind fails")
    func wrongKind() {
        #expect(throws: JSONError.self) {
            try JSONReader.read(Array("1".utf8)) { (reader: inout JSONReader) throws(JSONError) in _ = try reader.readString() }
        }
        #expect(throws: JSONError.self) {
            try JSONReader.read(Array("\"x\"".utf8)) { (reader: inout JSONReader) throws(JSONError) in _ = try reader.readBool() }
        }
    }
}
