/// A recursive-descent RFC 8259 parser over a contiguous UTF-8 buffer.
///
/// - Important: the buffer must stay valid for the parser's lifetime; use it only inside
///   `withUnsafeBufferPointer`-style scopes (see `JSONValue.init(parsing:)`).
struct JSONParser: ~Copyable {
    /// The input.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The current read position.
    var index = 0
    /// The current nesting depth of objects and arrays.
    var depth = 0
    /// The deepest nesting accepted.
    let maximumDepth: Int
    /// Scratch space for strings with escapes, reused to avoid allocations.
    var scratch: [UInt8] = []

    /// Creates a parser over `bytes`.
    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Parses exactly one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipSpace()
        let value = try parseValue()
        try finishDocument()
        return value
    }

    /// An error at the current position.
    func fail(_ reason: JSONError.Reason) -> JSONError {
        JSONError(offset: index, reason: reason)
    }

    /// Parses the value starting at the current (non-whitespace) byte.
    mutating func parseValue() throws(JSONError) -> JSONValue {
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case let byte: throw fail(.unexpectedByte(byte))
        }
    }

    /// Consumes `word` (`true`, `false` or `null`) at the current position, failing at the first byte that differs.
    mutating func expectWord(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        for offset in 0..<count {
            guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
            guard bytes[index] == start[offset] else { throw fail(.unexpectedByte(bytes[index])) }
            index += 1
        }
    }

    /// Enters one level of object or array nesting, failing beyond `maximumDepth`.
    mutating func enter() throws(JSONError) {
        depth += 1
        guard depth <= maximumDepth else { throw fail(.nestingTooDeep(maximum: maximumDepth)) }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enter()
        index += 1
        var members: [JSONObject.Member] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject(members: members))
        }
        while true {
            guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail(.unexpectedByte(bytes[index])) }
            let key = try parseString()
            skipSpace()
            guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
            guard bytes[index] == UInt8(ascii: ":") else { throw fail(.unexpectedByte(bytes[index])) }
            index += 1
            skipSpace()
            let value = try parseValue()
            members.append(JSONObject.Member(key: key, value: value))
            skipSpace()
            guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipSpace()
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(JSONObject(members: members))
            case let byte:
                throw fail(.unexpectedByte(byte))
            }
        }
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipSpace()
            guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipSpace()
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            case let byte:
                throw fail(.unexpectedByte(byte))
            }
        }
    }

    private mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let start = index
        try scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        return JSONNumber(uncheckedLiteral: text)
    }

    /// Validates the number starting at the current byte and moves `index` past it.
    mutating func scanNumber() throws(JSONError) {
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw fail(.invalidNumber) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw fail(.invalidNumber)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail(.invalidNumber) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail(.invalidNumber) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
    }
}
