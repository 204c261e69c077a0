import HeraldJSON
import Testing

@Suite("JSON values")
struct JSONValueTests {
    @Test("objects keep order and duplicates; lookup takes the last")
    func objectOrder() throws {
        let value = try JSONValue(parsing: #"{"b":1,"a":2,"b":3}"#)
        #expect(value.objectValue?.keys == ["b", "a", "b"])
        #expect(value["b"] == 3)
        #expect(value["a"] == 2)
        #expect(value["zz"] == nil)
        #expect(value.jsonText == #"{"b":1,"a":2,"b":3}"#)
    }

    @Test("object subscript setter replaces, removes duplicates, appends and deletes")
    func objectSetter() {
        var object: JSONObject = ["a": 1, "b": 2, "a": 3]
        object["a"] = 9
        #expect(object.keys == ["b", "a"])
        #expect(object["a"] == 9)
        object["c"] = "x"
        #expect(object.keys == ["b", "a", "c"])
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object.count == 2)
    }

    @Test("accessors return payloads or nil")
    func accessors() throws {
        let value: JSONValue = ["s": "x", "n": 1.5, "b": false, "z": nil, "a": [1, "two"], "o": ["k": "v"]]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.doubleValue == 1.5)
        #expect(value["n"]?.numberValue?.literal == "1.5")
        #expect(value["b"]?.boolValue == false)
        #expect(value["z"]?.isNull == true)
        #expect(value["a"]?[1] == "two")
        #expect(value["a"]?[2] == nil)
        #expect(value["a"]?[-1] == nil)
        #expect(value["o"]?["k"] == "v")
        #expect(value["s"]?.objectValue == nil)
        #expect(value.stringValue == nil)
        #expect(value[0] == nil)
    }

    @Test("serialisation escapes what it must and round-trips")
    func serialisation() throws {
        let value: JSONValue = ["q\"": "a\\b\n\u{1}é😀/", "n": .number(JSONNumber(literal: "3.0e2")!)]
        #expect(value.jsonText == #"{"q\"":"a\\b\n\u0001é😀/","n":3.0e2}"#)
        #expect(try JSONValue(parsing: value.jsonText) == value)
        #expect(try JSONValue(parsing: value.jsonBytes) == value)
        #expect(JSONValue.quoted("a\"b") == #""a\"b""#)
    }

    @Test("round trip of a realistic document is byte-exact")
    func roundTrip() throws {
        let text = #"{"version":"0","id":"1","detail":{"n":[1,-0,2.50,1E+3,{"x":null}],"t":true,"e":{},"a":[]}}"#
        #expect(try JSONValue(parsing: text).jsonText == text)
    }

    @Test("number construction")
    func numbers() {
        #expect(JSONNumber(literal: "1.0") != nil)
        #expect(JSONNumber(literal: "01") == nil)
        #expect(JSONNumber(literal: "") == nil)
        #expect(JSONNumber(literal: " 1") == nil)
        #expect(JSONNumber(literal: "-") == nil)
        #expect(JSONNumber(2.0)?.literal == "2")
        #expect(JSONNumber(0.1)?.literal == "0.1")
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(literal: "12345678901234567890")?.doubleValue == 12345678901234567890.0)
        #expect(JSONNumber(literal: "1e400")?.doubleValue == .infinity)
        let inf: JSONValue = .init(floatLiteral: .infinity)
        #expect(inf == .null)
    }

    @Test("literal conformances build the expected cases")
    func literals() {
        let value: JSONValue = ["a": [true, nil, 1, "x"]]
        #expect(value == .object(JSONObject(members: [
            .init(key: "a", value: .array([.bool(true), .null, .number(JSONNumber(1)), .string("x")])),
        ])))
        #expect(JSONValue("s") == .string("s"))
        #expect(JSONValue(3) == 3)
        #expect(JSONValue(true) == true)
        #expect(value.description == #"{"a":[true,null,1,"x"]}"#)
    }
}
