/// A number as a pattern or event value: its literal text and, if comparable, its value.
public struct PatternNumber: Sendable, Hashable {
    /// The literal text as written.
    public let literal: String
    /// The value when the literal is comparable (see ``ComparableNumber``), else `nil`.
    public let value: Double?

    /// Classifies a literal.
    public init(literal: String) {
        self.literal = literal
        self.value = ComparableNumber.value(ofLiteral: literal)
    }

    /// Whether two numbers are equal under the matcher's rules: by value when both are comparable,
    /// otherwise by literal text (byte for byte).
    public func matches(_ other: PatternNumber) -> Bool {
        switch (value, other.value) {
        case (let left?, let right?): return left == right
        case (nil, nil): return literal.utf8.elementsEqual(other.literal.utf8)
        default: return false
        }
    }
}
