/// One SQLite value: a query parameter or a result cell.
public enum LedgerValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// A double-precision float.
    case double(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])

    /// The value as display text: empty for `NULL`, hex (`x'0a0b'`) for blobs.
    public var displayText: String {
        switch self {
        case .null: return ""
        case .integer(let value): return String(value)
        case .double(let value): return value.description
        case .text(let value): return value
        case .blob(let bytes):
            let digits: [Character] = Array("0123456789abcdef")
            var text = "x'"
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
            return text + "'"
        }
    }

    /// The integer payload, or `nil`.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The text payload, or `nil`.
    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

extension LedgerValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    /// Creates a text value.
    public init(stringLiteral value: String) { self = .text(value) }
    /// Creates an integer value.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// Creates `NULL`.
    public init(nilLiteral: ()) { self = .null }
}
