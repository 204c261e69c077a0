/// A JSON number, kept exactly as its literal text.
///
/// Pattern matching needs the text as written (`3.0e2`, `12345678901234567890`, `-0`), so the parser
/// never converts numbers; use ``doubleValue`` when a binary value is wanted.
public struct JSONNumber: Sendable, Hashable {
    /// The literal text, guaranteed to follow the RFC 8259 number grammar.
    public let literal: String

    /// Creates a number from literal text; `nil` unless `literal` follows the RFC 8259 number grammar
    /// (`-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`).
    public init?(literal: String) {
        guard Self.isValidLiteral(Array(literal.utf8)) else { return nil }
        self.literal = literal
    }

    /// Creates a number from text the caller has already checked against the number grammar.
    init(uncheckedLiteral literal: String) {
        self.literal = literal
    }

    /// Creates a number holding an integer's decimal text.
    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// Creates a number holding the shortest round-trip text of a finite double; `nil` for NaN or ±∞.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        self.literal = text
    }

    /// The nearest `Double` to the literal (±∞ when it overflows, ±0 when it underflows).
    public var doubleValue: Double? {
        Double(literal)
    }

    /// Whether `bytes` follow the RFC 8259 number grammar.
    static func isValidLiteral(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The literal text.
    public var description: String { literal }
}
