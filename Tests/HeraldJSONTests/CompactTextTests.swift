import HeraldJSON
import Testing

/// `appendCompactText` / `readCompactText` must give exactly what parsing and writing give: the same bytes for
/// valid input, the same error (reason and offset) for invalid input.
@Suite("Compact text without a parse/serialise round trip")
struct CompactTextTests {
    /// What the round trip gives: the compact bytes, or the parse error.
    private func roundTrip(_ bytes: [UInt8]) -> Result<[UInt8], JSONError> {
        do throws(JSONError) {
            return .success(try JSONValue(parsing: bytes).jsonBytes)
        } catch {
            return .failure(error)
        }
    }

    /// What the compactor gives.
    private func compact(_ bytes: [UInt8]) -> Result<[UInt8], JSONError> {
        var output: [UInt8] = []
        do throws(JSONError) {
            try JSONValue.appendCompactText(of: bytes, to: &output)
            return .success(output)
        } catch {
            return .failure(error)
        }
    }

    static let samples: [String] = [
        #"{}"#, #"[]"#, #"{"a":1}"#, " { \"a\" : [ 1 , 2.50 , -0 , 1e5 , 3.0E-2 ] ,\n\t\"b\" : { } } ",
        #"{"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#,
        #"{"s":"\u00e9\u0041\/\"\\\n\r\t\b\f\u0001\u001F\u007f"}"#, #"{"surrogates":"\ud83d\ude00 \ud800 \udc00 x"}"#,
        #"{"raw":"é😀 ünïcödé","k\u0065y":"v"}"#, #"{"dup":1,"dup":2}"#, #"[true,false,null,"",0]"#, #""\u0000""#,
        #"12345678901234567890"#, #"null"#, " true ",
        // Invalid: every kind of error, at different places.
        "", " ", "{", "{\"a\"", "{\"a\":", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{1:2}", "01", "1.", "-",
        "1e", "tru", "nul", "\"abc", "\"a\u{1}b\"", #""\x""#, #""\u12G4""#, "\"\\u00", "{} x", "[[[]]",
        "\"\u{FF}\"", "{\"k\":\"\\u00e9\u{FF}\"}", "\"ab\\", #"{"a":1}}"#,
    ]

    @Test("the same bytes or the same error as parse + write", arguments: samples)
    func matchesRoundTrip(sample: String) {
        let bytes = Array(sample.utf8)
        #expect(compact(bytes) == roundTrip(bytes), "\(sample.debugDescription)")
    }

    @Test("invalid UTF-8 and lone continuation bytes are rejected at the same offset")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0x5C, 0x6E, 0xC0, 0xAF, 0x22]] {
            #expect(compact(bytes) == roundTrip(bytes))
            if case .success = compact(bytes) { Issue.record("accepted \(bytes)") }
        }
    }

    @Test("text already compact is copied byte for byte, whitespace between tokens is dropped")
    func keepsCompactText() throws {
        let text = #"{"a":"é😀 </tag>","n":[1.50,-0,1E+3],"o":{"x":null}}"#
        var output: [UInt8] = []
        #expect(try JSONValue.appendCompactText(of: text, to: &output) == .object)
        #expect(output == Array(text.utf8))
        output.removeAll()
        try JSONValue.appendCompactText(of: " {\n  \"a\" :\t\"b c\" ,\r\n \"d\" : [ ] } ", to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"{"a":"b c","d":[]}"#)
    }

    @Test("escapes are written in the writer's form: short escapes, \\u00XX for other controls, the rest raw")
    func escapesNormalised() throws {
        var output: [UInt8] = []
        try JSONValue.appendCompactText(of: #"["\u0041\/\u00e9\u000A\u001b\"","\ud83d\ude00"]"#, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "[\"A/é\\n\\u001b\\\"\",\"😀\"]")
    }

    @Test("the kind of the top-level value is returned")
    func kinds() throws {
        var output: [UInt8] = []
        #expect(try JSONValue.appendCompactText(of: "[1]", to: &output) == .array)
        #expect(try JSONValue.appendCompactText(of: "\"s\"", to: &output) == .string)
        #expect(try JSONValue.appendCompactText(of: "-1.5", to: &output) == .number)
        #expect(try JSONValue.appendCompactText(of: "false", to: &output) == .bool)
        #expect(try JSONValue.appendCompactText(of: "null", to: &output) == .null)
        #expect(String(decoding: output, as: UTF8.self) == "[1]\"s\"-1.5falsenull", "appends, never clears")
    }

    @Test("the nesting limit applies as in the parser")
    func depth() {
        let deep = Array(String(repeating: "[", count: 20).utf8) + Array(String(repeating: "]", count: 20).utf8)
        var output: [UInt8] = []
        #expect(throws: JSONError.self) { try JSONValue.appendCompactText(of: deep, to: &output, maximumDepth: 10) }
        output.removeAll()
        #expect(throws: Never.self) { try JSONValue.appendCompactText(of: deep, to: &output, maximumDepth: 20) }
    }

    @Test("random documents and their mutations: same bytes or same error", arguments: [1, 2, 3, 4])
    func randomDocuments(seed: UInt64) {
        var random = SplitMix(state: seed)
        let strings = ["", "plain", "é", "😀", "\\u00e9", "\\n", "\\\"", "\\\\", "\\/", "\\ud83d\\ude00", "\\ud800", "\\u0000", "tab\\t"]
        func value(_ depth: Int) -> String {
            switch random.next() % (depth > 3 ? 4 : 6) {
            case 0: return "\"" + (0..<Int(random.next() % 4)).map { _ in strings[Int(random.next() % UInt64(strings.count))] }.joined() + "\""
            case 1: return ["0", "-1", "2.50", "1e9", "-0.0E-1", "123456789012345678901234"][Int(random.next() % 6)]
            case 2: return ["true", "false", "null"][Int(random.next() % 3)]
            case 3: return "\"k\""
            case 4:
                let members = (0..<Int(random.next() % 4)).map { _ in "\"" + strings[Int(random.next() % UInt64(strings.count))] + "\" : " + value(depth + 1) }
                return "{ " + members.joined(separator: " ,\n") + " }"
            default:
                return "[" + (0..<Int(random.next() % 4)).map { _ in value(depth + 1) }.joined(separator: ", ") + "]"
            }
        }
        for _ in 0..<200 {
            var bytes = Array(value(0).utf8)
            #expect(compact(bytes) == roundTrip(bytes), "\(String(decoding: bytes, as: UTF8.self))")
            guard !bytes.isEmpty else { continue }
            switch random.next() % 3 {
            case 0: bytes.removeLast(Int(random.next() % UInt64(bytes.count)))
            case 1: bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            default: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: Int(random.next() % UInt64(bytes.count)))
            }
            #expect(compact(bytes) == roundTrip(bytes), "\(bytes)")
        }
    }

    @Test("JSONReader.readCompactText compacts one member's value inside a document")
    func readerCompactsAValue() throws {
        let line = Array(#"{"Source":"s", "Detail" : { "a" : [1, 2] , "b":"\u0063"}, "x":1}"#.utf8)
        var detail: [UInt8] = []
        let source = try JSONReader.read(line) { (reader: inout JSONReader) throws(JSONError) -> String in
            var source = ""
            try reader.enterObject()
            while let key = try reader.nextKey() {
                switch key {
                case "Source": source = try reader.readString()
                case "Detail": #expect(try reader.readCompactText(into: &detail) == .object)
                default: try reader.skipValue()
                }
            }
            return source
        }
        #expect(source == "s")
        #expect(String(decoding: detail, as: UTF8.self) == #"{"a":[1,2],"b":"c"}"#)
        let broken = Array(#"{"Detail":{"a":1,}}"#.utf8)
        #expect(throws: JSONError.self) {
            try JSONReader.read(broken) { (reader: inout JSONReader) throws(JSONError) in
                try reader.enterObject()
                while try reader.nextKey() != nil { var sink: [UInt8] = []; try reader.readCompactText(into: &sink) }
            }
        }
    }
}

extension CompactTextTests {
    @Test("JSONReader.readRawText hands over a value's bytes as they stand, after validating them; for compact text they are readCompactText's")
    func readerRawText() throws {
        let line = Array(#"{"Source":"s", "Detail" : { "a" : [1, 2] , "b":"\u0063"}, "Compact":{"a":[1,2],"b":"é"},"x":1}"#.utf8)
        var raw: [String: String] = [:]
        var compact: [UInt8] = []
        try JSONReader.read(line) { (reader: inout JSONReader) throws(JSONError) in
            try reader.enterObject()
            while let key = try reader.nextKey() {
                if key == "Compact" {
                    let bytes = try reader.readRawText { Array($0) }
                    try JSONReader.read(bytes) { (inner: inout JSONReader) throws(JSONError) in _ = try inner.readCompactText(into: &compact) }
                    raw[key] = String(decoding: bytes, as: UTF8.self)
                } else {
                    raw[key] = try reader.readRawText { String(decoding: $0, as: UTF8.self) }
                }
            }
        }
        #expect(raw["Source"] == #""s""#)
        #expect(raw["Detail"] == #"{ "a" : [1, 2] , "b":"\u0063"}"#, "the text as it stands, spaces and escapes included")
        #expect(raw["x"] == "1")
        #expect(raw["Compact"] == String(decoding: compact, as: UTF8.self), "compact input: the same bytes as readCompactText")
        let broken = Array(#"{"Detail":{"a":1,}}"#.utf8)
        #expect(throws: JSONError.self) {
            try JSONReader.read(broken) { (reader: inout JSONReader) throws(JSONError) in
                try reader.enterObject()
                while try reader.nextKey() != nil { _ = try reader.readRawText { $0.count } }
            }
        }
    }
}

/// SplitMix64, so a failing case can be reproduced from its seed.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
