extension JSONParser {
    /// Validates one document exactly as ``parseDocument()`` does and appends its compact text to `output`.
    /// - Returns: the kind of the top-level value.
    mutating func compactDocument(into output: inout [UInt8]) throws(JSONError) -> JSONReader.Kind {
        skipSpace()
        let kind = try compactValue(into: &output)
        try finishDocument()
        return kind
    }

    /// Validates the value starting at the current (non-whitespace) byte exactly as ``parseValue()`` does
    /// (same errors at the same offsets) and appends its compact text — what `parseValue().write(to:)` would
    /// append — to `output`, without building the value.
    ///
    /// Strings without escapes are copied as they are (they are already in the writer's form); strings with
    /// escapes are decoded and re-escaped the way ``JSONValue/writeString(_:to:)`` writes them; numbers keep
    /// their literal; whitespace between tokens is dropped.
    /// - Returns: the kind of the value.
    mutating func compactValue(into output: inout [UInt8]) throws(JSONError) -> JSONReader.Kind {
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try compactObject(into: &output)
            return .object
        case UInt8(ascii: "["):
            try compactArray(into: &output)
            return .array
        case UInt8(ascii: "\""):
            try compactString(into: &output)
            return .string
        case UInt8(ascii: "t"):
            try expectWord("true")
            output.append(contentsOf: "true".utf8)
            return .bool
        case UInt8(ascii: "f"):
            try expectWord("false")
            output.append(contentsOf: "false".utf8)
            return .bool
        case UInt8(ascii: "n"):
            try expectWord("null")
            output.append(contentsOf: "null".utf8)
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            try scanNumber()
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            return .number
        case let byte:
            throw fail(.unexpectedByte(byte))
        }
    }

    /// An object, walked with the reader's separator steps (``startKey(first:)``, ``finishKey()``), which fail
    /// exactly where ``parseValue()`` does.
    private mutating func compactObject(into output: inout [UInt8]) throws(JSONError) {
        try enterContainer(UInt8(ascii: "{"))
        output.append(UInt8(ascii: "{"))
        var first = true
        while try startKey(first: first) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            try compactString(into: &output)
            try finishKey()
            output.append(UInt8(ascii: ":"))
            skipSpace()
            _ = try compactValue(into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// An array, walked with ``nextElement(first:)``.
    private mutating func compactArray(into output: inout [UInt8]) throws(JSONError) {
        try enterContainer(UInt8(ascii: "["))
        output.append(UInt8(ascii: "["))
        var first = true
        while try nextElement(first: first) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            skipSpace()
            _ = try compactValue(into: &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// A string starting at the opening quote, validated as ``parseString()`` does. A string without escapes is copied
    /// byte for byte (what ``JSONValue/writeString(utf8:to:)`` would write for it, without scanning it a second time);
    /// one with escapes is decoded and written again by `writeString`.
    private mutating func compactString(into output: inout [UInt8]) throws(JSONError) {
        try withStringBytes { bytes, hadEscapes in
            if hadEscapes {
                JSONValue.writeString(utf8: bytes, to: &output)
            } else {
                output.append(UInt8(ascii: "\""))
                output.append(contentsOf: bytes)
                output.append(UInt8(ascii: "\""))
            }
        }
    }
}
