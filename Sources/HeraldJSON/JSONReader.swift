/// A streaming, validating pull reader for JSON, for callers that want a few values out of a document
/// without building a ``JSONValue`` tree (e.g. event flattening that skips unused subtrees).
///
/// Use it only through ``read(_:maximumDepth:_:)``. Inside `body`, walk values with ``peek()``,
/// ``enterObject()``/``nextKey()``, ``enterArray()``/``nextElement()``, ``readString()``,
/// ``readNumber()``, ``readBool()``, ``readNull()`` and ``skipValue()``; the document must be consumed
/// exactly once. Validation matches ``JSONValue/init(parsing:maximumDepth:)-(Collection<UInt8>,_)``,
/// skipped values included.
///
/// - Important: the reader borrows the input buffer; it cannot escape `body`.
public struct JSONReader: ~Copyable {
    /// The kind of the next value.
    public enum Kind: Sendable, Hashable {
        /// `{`
        case object
        /// `[`
        case array
        /// `"`
        case string
        /// `-` or a digit
        case number
        /// `true` or `false`
        case bool
        /// `null`
        case null
    }

    private var parser: JSONParser
    private var justOpened = false

    private init(parser: consuming JSONParser) {
        self.parser = parser
    }

    /// Reads one document: runs `body` on a reader positioned before the top-level value, then checks
    /// that only whitespace follows.
    /// - Throws: ``JSONError`` for malformed input, or whatever `body` throws.
    public static func read<Result>(
        _ bytes: some Collection<UInt8>, maximumDepth: Int = JSONValue.defaultMaximumDepth,
        _ body: (inout JSONReader) throws(JSONError) -> Result
    ) throws(JSONError) -> Result {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Swift.Result<Result, JSONError> {
            var reader = JSONReader(parser: JSONParser(bytes: buffer, maximumDepth: maximumDepth))
            do throws(JSONError) {
                let value = try body(&reader)
                try reader.parser.finishDocument()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        if let result = bytes.withContiguousStorageIfAvailable(run) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer(run).get()
    }

    /// The kind of the next value (after whitespace), without consuming it.
    public mutating func peek() throws(JSONError) -> Kind {
        try parser.peekKind()
    }

    /// Consumes `{`; follow with ``nextKey()`` until it returns `nil`.
    public mutating func enterObject() throws(JSONError) {
        try parser.enterContainer(UInt8(ascii: "{"))
        justOpened = true
    }

    /// The next member's key (its value comes next), or `nil` after consuming the closing `}`.
    public mutating func nextKey() throws(JSONError) -> String? {
        let first = justOpened
        justOpened = false
        return try parser.nextKey(first: first)
    }

    /// Like ``nextKey()``, but passes the key's unescaped UTF-8 bytes to `body` instead of creating a
    /// `String`; returns `body`'s result, or `nil` after consuming the closing `}`.
    /// The bytes are valid only inside `body`.
    public mutating func nextKey<R>(bytes body: (UnsafeBufferPointer<UInt8>) -> R) throws(JSONError) -> R? {
        let first = justOpened
        justOpened = false
        guard try parser.startKey(first: first) else { return nil }
        let result = try parser.withStringBytes(body)
        try parser.finishKey()
        return result
    }

    /// Consumes `[`; follow with ``nextElement()`` until it returns `false`.
    public mutating func enterArray() throws(JSONError) {
        try parser.enterContainer(UInt8(ascii: "["))
        justOpened = true
    }

    /// Whether another element follows (read it next); `false` after consuming the closing `]`.
    public mutating func nextElement() throws(JSONError) -> Bool {
        let first = justOpened
        justOpened = false
        return try parser.nextElement(first: first)
    }

    /// Reads a string value.
    public mutating func readString() throws(JSONError) -> String {
        try parser.expectStart(UInt8(ascii: "\""))
        return try parser.parseString()
    }

    /// Reads a number value, keeping its literal.
    public mutating func readNumber() throws(JSONError) -> JSONNumber {
        try parser.readNumberValue()
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONError) -> Bool {
        try parser.readBoolValue()
    }

    /// Reads `null`.
    public mutating func readNull() throws(JSONError) {
        try parser.readNullValue()
    }

    /// Reads the next value, validating it completely, and appends its compact text to `output` — the bytes
    /// `JSONValue.write(to:)` would write for it — without building it (see
    /// ``JSONValue/appendCompactText(of:to:maximumDepth:)-(Collection<UInt8>,_,_)``).
    /// - Returns: the kind of the value read.
    @discardableResult
    public mutating func readCompactText(into output: inout [UInt8]) throws(JSONError) -> Kind {
        parser.skipSpace()
        return try parser.compactValue(into: &output)
    }

    /// Skips the next value, validating it completely without building it.
    public mutating func skipValue() throws(JSONError) {
        try parser.skipValue()
    }

    /// Skips the next value, validating it completely, and hands `body` its text exactly as it stands in the input
    /// (no copy, no compaction). For input known to be compact already — envelopes Herald wrote — this is
    /// ``readCompactText(into:)``'s result without its second pass.
    public mutating func readRawText<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) throws(JSONError) -> R {
        parser.skipSpace()
        let start = parser.index
        try parser.skipValue()
        return body(UnsafeBufferPointer(rebasing: parser.bytes[start..<parser.index]))
    }
}
