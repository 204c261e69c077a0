/// Why JSON text could not be parsed, and where.
public struct JSONError: Error, Sendable, Hashable {
    /// The kind of problem found.
    public enum Reason: Sendable, Hashable {
        /// The input ended in the middle of a value (or was empty).
        case unexpectedEndOfInput
        /// A byte that cannot start or continue a value at this point.
        case unexpectedByte(UInt8)
        /// A malformed number (e.g. `01`, `1.`, `-`, `1e`).
        case invalidNumber
        /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
        case invalidEscape
        /// An unescaped control character (U+0000–U+001F) inside a string.
        case controlCharacterInString
        /// A string whose bytes are not valid UTF-8.
        case invalidUTF8
        /// Objects and arrays nested deeper than the allowed maximum.
        case nestingTooDeep(maximum: Int)
        /// Non-whitespace bytes after the complete top-level value.
        case trailingData
    }

    /// Byte offset into the input where the problem was detected.
    public let offset: Int
    /// What went wrong.
    public let reason: Reason

    /// Creates an error.
    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }
}

extension JSONError: CustomStringConvertible {
    /// A one-line human-readable message, e.g. `invalid JSON at byte 12: invalid escape`.
    public var description: String {
        let text: String
        switch reason {
        case .unexpectedEndOfInput: text = "unexpected end of input"
        case .unexpectedByte(let byte):
            if byte >= 0x20, byte < 0x7F {
                text = "unexpected character '\(Character(Unicode.Scalar(byte)))'"
            } else {
                text = "unexpected byte 0x\(String(byte, radix: 16, uppercase: true))"
            }
        case .invalidNumber: text = "invalid number"
        case .invalidEscape: text = "invalid escape sequence"
        case .controlCharacterInString: text = "unescaped control character in string"
        case .invalidUTF8: text = "invalid UTF-8 in string"
        case .nestingTooDeep(let maximum): text = "nesting deeper than \(maximum) levels"
        case .trailingData: text = "unexpected data after the JSON value"
        }
        return "invalid JSON at byte \(offset): \(text)"
    }
}
