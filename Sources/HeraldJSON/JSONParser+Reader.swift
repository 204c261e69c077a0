extension JSONParser {
    /// Checks that only whitespace remains.
    mutating func finishDocument() throws(JSONError) {
        skipSpace()
        guard index == bytes.count else { throw JSONError(offset: index, reason: .trailingData) }
    }

    /// Skips the four JSON whitespace bytes.
    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The kind of the next value, after whitespace, without consuming it.
    mutating func peekKind() throws(JSONError) -> JSONReader.Kind {
        skipSpace()
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case let byte: throw fail(.unexpectedByte(byte))
        }
    }

    /// Skips whitespace and checks that the next byte is `byte` (not consumed).
    mutating func expectStart(_ byte: UInt8) throws(JSONError) {
        skipSpace()
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        guard bytes[index] == byte else { throw fail(.unexpectedByte(bytes[index])) }
    }

    /// Consumes `{` or `[` and enters one nesting level.
    mutating func enterContainer(_ open: UInt8) throws(JSONError) {
        try expectStart(open)
        depth += 1
        guard depth <= maximumDepth else { throw fail(.nestingTooDeep(maximum: maximumDepth)) }
        index += 1
    }

    /// After `{` or a member value: consumes `,` if needed and reports whether a key follows
    /// (positioned at its opening quote), or consumes `}` and returns `false`.
    mutating func startKey(first: Bool) throws(JSONError) -> Bool {
        skipSpace()
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return false
        }
        if !first {
            guard bytes[index] == UInt8(ascii: ",") else { throw fail(.unexpectedByte(bytes[index])) }
            index += 1
            skipSpace()
            guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        }
        guard bytes[index] == UInt8(ascii: "\"") else { throw fail(.unexpectedByte(bytes[index])) }
        return true
    }

    /// After a key: consumes the `:`.
    mutating func finishKey() throws(JSONError) {
        skipSpace()
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        guard bytes[index] == UInt8(ascii: ":") else { throw fail(.unexpectedByte(bytes[index])) }
        index += 1
    }

    /// After `{` or a member value: the next key (consuming `,`, the key and `:`), or `nil` at `}`.
    mutating func nextKey(first: Bool) throws(JSONError) -> String? {
        skipSpace()
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !first {
            guard bytes[index] == UInt8(ascii: ",") else { throw fail(.unexpectedByte(bytes[index])) }
            index += 1
            skipSpace()
            guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        }
        guard bytes[index] == UInt8(ascii: "\"") else { throw fail(.unexpectedByte(bytes[index])) }
        let key = try parseString()
        skipSpace()
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        guard bytes[index] == UInt8(ascii: ":") else { throw fail(.unexpectedByte(bytes[index])) }
        index += 1
        return key
    }

    /// After `[` or an element: whether another element follows (consuming `,`), `false` at `]`.
    mutating func nextElement(first: Bool) throws(JSONError) -> Bool {
        skipSpace()
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        if !first {
            guard bytes[index] == UInt8(ascii: ",") else { throw fail(.unexpectedByte(bytes[index])) }
            index += 1
        }
        return true
    }

    /// Reads a scalar of the expected kind, failing at its first byte otherwise.
    private mutating func readScalar(_ kind: JSONReader.Kind) throws(JSONError) -> JSONValue {
        guard try peekKind() == kind else { throw fail(.unexpectedByte(bytes[index])) }
        return try parseValue()
    }

    /// Reads a number value.
    mutating func readNumberValue() throws(JSONError) -> JSONNumber {
        guard case .number(let number) = try readScalar(.number) else { throw fail(.invalidNumber) }
        return number
    }

    /// Reads `true` or `false`.
    mutating func readBoolValue() throws(JSONError) -> Bool {
        guard case .bool(let flag) = try readScalar(.bool) else { throw fail(.unexpectedEndOfInput) }
        return flag
    }

    /// Reads `null`.
    mutating func readNullValue() throws(JSONError) {
        _ = try readScalar(.null)
    }

    /// Validates and skips one value without building it.
    mutating func skipValue() throws(JSONError) {
        skipSpace()
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try enterContainer(UInt8(ascii: "{"))
            var first = true
            while try nextKey(first: first) != nil {
                first = false
                try skipValue()
            }
        case UInt8(ascii: "["):
            try enterContainer(UInt8(ascii: "["))
            var first = true
            while try nextElement(first: first) {
                first = false
                try skipValue()
            }
        case UInt8(ascii: "\""):
            try skipString()
        default:
            _ = try parseValue()
        }
    }

    /// Validates and skips a string (escapes and UTF-8) without building it.
    mutating func skipString() throws(JSONError) {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            Self.skipPlainWords(bytes, &index, &ascii)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if !ascii, !UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                    throw JSONError(offset: start, reason: .invalidUTF8)
                }
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                index = start - 1
                _ = try parseString()
                return
            }
            if byte < 0x20 { throw fail(.controlCharacterInString) }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw fail(.unexpectedEndOfInput)
    }
}

/// A strict UTF-8 validator (no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return false }
            for offset in 2..<max(length, 2) where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
