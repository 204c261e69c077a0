extension JSONParser {
    /// Parses a string starting at the opening quote; leaves `index` after the closing quote.
    mutating func parseString() throws(JSONError) -> String {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            Self.skipPlainWords(bytes, &index, &ascii)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw JSONError(offset: start, reason: .invalidUTF8)
                }
                return text
            }
            if byte == UInt8(ascii: "\\") {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                return try parseEscapedString(start: start)
            }
            if byte < 0x20 { throw fail(.controlCharacterInString) }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw fail(.unexpectedEndOfInput)
    }

    /// Continues a string that contains escapes, accumulating its bytes in `scratch`.
    private mutating func parseEscapedString(start: Int) throws(JSONError) -> String {
        try decodeEscapedString(start: start)
        guard let text = String(validating: scratch, as: UTF8.self) else {
            throw JSONError(offset: start, reason: .invalidUTF8)
        }
        return text
    }

    /// Parses a string starting at the opening quote and passes its unescaped, validated UTF-8 bytes
    /// to `body` without creating a `String` (the bytes are only valid inside `body`).
    @inline(__always)
    mutating func withStringBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) throws(JSONError) -> R {
        try withStringBytes { bytes, _ in body(bytes) }
    }

    /// Like ``withStringBytes(_:)``, and tells `body` whether the string had escapes. When it had none, the bytes are
    /// the document's own and hold no `"`, `\` or control character, so they are already a valid JSON string body.
    mutating func withStringBytes<R>(_ body: (UnsafeBufferPointer<UInt8>, _ hadEscapes: Bool) -> R) throws(JSONError) -> R {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            Self.skipPlainWords(bytes, &index, &ascii)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if !ascii, !UTF8Validation.isValid(slice) { throw JSONError(offset: start, reason: .invalidUTF8) }
                index += 1
                return body(slice, false)
            }
            if byte == UInt8(ascii: "\\") {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                try decodeEscapedString(start: start)
                guard scratch.withUnsafeBufferPointer(UTF8Validation.isValid) else {
                    throw JSONError(offset: start, reason: .invalidUTF8)
                }
                return scratch.withUnsafeBufferPointer { body($0, true) }
            }
            if byte < 0x20 { throw fail(.controlCharacterInString) }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw fail(.unexpectedEndOfInput)
    }

    /// Decodes the rest of a string with escapes into `scratch` (not yet validated as UTF-8).
    ///
    /// Runs of plain bytes between escapes are copied as a whole (words at a time, then bytes), into a local array
    /// moved out of `scratch` so that each append is a plain unique-buffer append.
    mutating func decodeEscapedString(start: Int) throws(JSONError) {
        var output: [UInt8] = []
        swap(&output, &scratch)
        defer { swap(&output, &scratch) }
        var ascii = true
        while index < bytes.count {
            let run = index
            Self.skipPlainWords(bytes, &index, &ascii)
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            if index > run { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) }
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                try parseEscape(into: &output)
            default:
                throw fail(.controlCharacterInString)
            }
        }
        throw fail(.unexpectedEndOfInput)
    }

    /// Decodes one escape at `index` (which points at the backslash) into `output`.
    private mutating func parseEscape(into output: inout [UInt8]) throws(JSONError) {
        index += 1
        guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            Self.appendScalar(try resolveSurrogates(unit), to: &output)
        default:
            index -= 1
            throw fail(.invalidEscape)
        }
    }

    /// Combines a UTF-16 unit with a following `\uDC00`–`\uDFFF` escape when it is a high surrogate.
    /// Lone surrogates become U+FFFD (documented lenient behaviour).
    private mutating func resolveSurrogates(_ unit: UInt16) throws(JSONError) -> Unicode.Scalar {
        let replacement: Unicode.Scalar = "\u{FFFD}"
        if UTF16.isTrailSurrogate(unit) { return replacement }
        guard UTF16.isLeadSurrogate(unit) else { return Unicode.Scalar(unit) ?? replacement }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
            return replacement
        }
        let save = index
        index += 2
        let low = try parseHex4()
        guard UTF16.isTrailSurrogate(low) else {
            index = save
            return replacement
        }
        let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        return Unicode.Scalar(value) ?? replacement
    }

    private mutating func parseHex4() throws(JSONError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw fail(.unexpectedEndOfInput) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidEscape)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private static func appendScalar(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | value >> 6))
            output.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | value >> 12))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        default:
            output.append(UInt8(0xF0 | value >> 18))
            output.append(UInt8(0x80 | value >> 12 & 0x3F))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        }
    }
}

extension JSONParser {
    /// Advances `position` over whole 8-byte words containing no `"`, `\` or control byte (clearing
    /// `ascii` if a word has a byte ≥ 0x80); stops before the first word that needs a closer look.
    @inline(__always)
    static func skipPlainWords(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ ascii: inout Bool) {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if special & highs != 0 { return }
            if word & highs != 0 { ascii = false }
            position += 8
        }
    }
}
