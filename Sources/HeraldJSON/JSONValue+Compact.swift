extension JSONValue {
    /// Validates `bytes` as one JSON document and appends its compact text to `output`, without building a value.
    ///
    /// Equivalent to `try JSONValue(parsing: bytes, maximumDepth: maximumDepth).write(to: &output)`, byte for byte
    /// and error for error (the same ``JSONError`` at the same offset), but it allocates nothing per value: strings
    /// without escapes and number literals are copied as they are, whitespace is dropped, and only strings with
    /// escapes are decoded and written again in the writer's form (see ``writeString(_:to:)``). Use it to keep a
    /// producer's JSON text (e.g. an event's `Detail`) in the stored form without a parse/serialise round trip.
    ///
    /// - Parameters:
    ///   - bytes: the UTF-8 encoded JSON text.
    ///   - output: receives the compact text; on error it holds an unspecified partial prefix (discard it).
    ///   - maximumDepth: the deepest nesting of objects and arrays accepted.
    /// - Returns: the kind of the top-level value.
    /// - Throws: ``JSONError`` with the byte offset and reason of the first problem.
    @discardableResult
    public static func appendCompactText(
        of bytes: some Collection<UInt8>, to output: inout [UInt8], maximumDepth: Int = JSONValue.defaultMaximumDepth
    ) throws(JSONError) -> JSONReader.Kind {
        func run(_ buffer: UnsafeBufferPointer<UInt8>, _ output: inout [UInt8]) -> Result<JSONReader.Kind, JSONError> {
            var parser = JSONParser(bytes: buffer, maximumDepth: maximumDepth)
            do throws(JSONError) {
                return .success(try parser.compactDocument(into: &output))
            } catch {
                return .failure(error)
            }
        }
        if let result = bytes.withContiguousStorageIfAvailable({ run($0, &output) }) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { run($0, &output) }.get()
    }

    /// Like ``appendCompactText(of:to:maximumDepth:)-(Collection<UInt8>,_,_)`` for the UTF-8 text of a string.
    @discardableResult
    public static func appendCompactText(
        of text: String, to output: inout [UInt8], maximumDepth: Int = JSONValue.defaultMaximumDepth
    ) throws(JSONError) -> JSONReader.Kind {
        var text = text
        let result = text.withUTF8 { buffer -> Result<JSONReader.Kind, JSONError> in
            do throws(JSONError) {
                return .success(try appendCompactText(of: buffer, to: &output, maximumDepth: maximumDepth))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
