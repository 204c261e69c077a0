extension JSONValue {
    /// The compact JSON text of this value (no whitespace; members in order, duplicates kept;
    /// number literals exactly as stored; non-ASCII characters written as UTF-8, control characters,
    /// `"` and `\` escaped).
    public var jsonText: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }

    /// The compact JSON text of this value as UTF-8 bytes (see ``jsonText``).
    public var jsonBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(to: &output)
        return output
    }

    /// Appends the compact JSON text of this value to `output`.
    public func write(to output: inout [UInt8]) {
        switch self {
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .string(let text):
            Self.writeString(text, to: &output)
        case .number(let number):
            output.append(contentsOf: number.literal.utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        }
    }

    /// Appends `text` as a JSON string literal (quoted and escaped) to `output`.
    public static func writeString(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { writeString(utf8: $0, to: &output) }
    }

    /// Appends the string whose (valid) UTF-8 bytes are `bytes` as a JSON string literal (quoted and escaped)
    /// to `output`: the same text as ``writeString(_:to:)`` for the equivalent `String`.
    public static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Copy runs that need no escaping in one go (found a word at a time); escape the rest byte by byte.
        var runStart = 0
        var index = 0
        var ascii = true
        while index < bytes.count {
            JSONParser.skipPlainWords(bytes, &index, &ascii)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                appendEscaped(byte, to: &output)
                runStart = index + 1
            }
            index += 1
        }
        if runStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        output.append(UInt8(ascii: "\""))
    }

    /// Appends the JSON escape of a byte that cannot appear raw in a string (`"`, `\\`, or a control character).
    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        default:
            let high = byte >> 4
            let low = byte & 0xF
            output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            output.append(high < 10 ? UInt8(ascii: "0") + high : UInt8(ascii: "a") + high - 10)
            output.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
        }
    }

    /// `text` as a JSON string literal, quoted and escaped.
    public static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        writeString(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
