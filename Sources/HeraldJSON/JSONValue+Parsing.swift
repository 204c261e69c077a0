extension JSONValue {
    /// The default maximum nesting depth of objects and arrays accepted by the parser.
    public static let defaultMaximumDepth = 512

    /// Parses one JSON value from UTF-8 bytes (RFC 8259).
    ///
    /// - Strict: no comments, no trailing commas, no leading BOM, no NaN/Infinity, only the four
    ///   whitespace bytes; unescaped control characters and invalid UTF-8 inside strings are rejected,
    ///   as is anything but whitespace after the value.
    /// - Lenient in one place: an escaped lone surrogate (`"\uD800"`) decodes to U+FFFD instead of
    ///   failing, as most parsers do; a valid `\uD83D\uDE00` pair decodes to one scalar.
    /// - Numbers are kept as literal text (see ``JSONNumber``).
    ///
    /// - Parameters:
    ///   - bytes: the UTF-8 encoded JSON text.
    ///   - maximumDepth: the deepest nesting of objects and arrays accepted.
    /// - Throws: ``JSONError`` with the byte offset and reason of the first problem.
    public init(parsing bytes: some Collection<UInt8>, maximumDepth: Int = JSONValue.defaultMaximumDepth)
        throws(JSONError)
    {
        let result: Result<JSONValue, JSONError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Self.parse(buffer, maximumDepth: maximumDepth)
        }
        if let result {
            self = try result.get()
        } else {
            let copy = Array(bytes)
            self = try copy.withUnsafeBufferPointer { Self.parse($0, maximumDepth: maximumDepth) }.get()
        }
    }

    /// Parses one JSON value from a string (see ``init(parsing:maximumDepth:)-(Collection<UInt8>,_)``).
    ///
    /// - Throws: ``JSONError`` with the UTF-8 byte offset and reason of the first problem.
    public init(parsing text: String, maximumDepth: Int = JSONValue.defaultMaximumDepth) throws(JSONError) {
        var text = text
        let result = text.withUTF8 { Self.parse($0, maximumDepth: maximumDepth) }
        self = try result.get()
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Result<JSONValue, JSONError> {
        var parser = JSONParser(bytes: buffer, maximumDepth: maximumDepth)
        do throws(JSONError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}
