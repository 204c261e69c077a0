import HeraldJSON

/// Builds a ``JSONValue`` tree with the streaming ``JSONReader``: a second, independent path through the
/// JSON grammar that must agree with `JSONValue(parsing:)` on every input.
enum JSONTreeReader {
    /// Parses `bytes` with the pull reader.
    /// - Throws: `JSONError` when the reader rejects the input.
    static func parse(_ bytes: [UInt8], skipping: Bool) throws(JSONError) -> JSONValue {
        try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) -> JSONValue in
            if skipping {
                try reader.skipValue()
                return .null
            }
            return try value(&reader)
        }
    }

    private static func value(_ reader: inout JSONReader) throws(JSONError) -> JSONValue {
        switch try reader.peek() {
        case .object:
            try reader.enterObject()
            var object = JSONObject()
            while let key = try reader.nextKey() {
                object.append(key: key, value: try value(&reader))
            }
            return .object(object)
        case .array:
            try reader.enterArray()
            var elements: [JSONValue] = []
            while try reader.nextElement() {
                elements.append(try value(&reader))
            }
            return .array(elements)
        case .string:
            return .string(try reader.readString())
        case .number:
            return .number(try reader.readNumber())
        case .bool:
            return .bool(try reader.readBool())
        case .null:
            try reader.readNull()
            return .null
        }
    }

    /// Reads the top-level object's keys through ``JSONReader/nextKey(bytes:)`` (skipping values), or `nil` when
    /// the document is not an object.
    static func topLevelKeys(_ bytes: [UInt8]) throws(JSONError) -> [String]? {
        try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) -> [String]? in
            guard try reader.peek() == .object else {
                try reader.skipValue()
                return nil
            }
            try reader.enterObject()
            var keys: [String] = []
            while let key = try reader.nextKey(bytes: { String(decoding: $0, as: UTF8.self) }) {
                keys.append(key)
                try reader.skipValue()
            }
            return keys
        }
    }
}
