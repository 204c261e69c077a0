/// The "comparable number" rule of AWS's matcher.
///
/// A literal is comparable iff its exact decimal value equals the shortest round-trip decimal of the
/// nearest double (Java's `BigDecimal.valueOf(double)`; Swift's `Double.description` gives the same digits).
/// Comparable numbers are compared by value; all others only by their literal text.
public enum ComparableNumber {
    /// The value of `literal` if it is comparable, else `nil`. `-0` is returned as `+0`.
    ///
    /// Subnormal doubles whose shortest form has one significant digit (such as `5e-324`) are treated as
    /// not comparable, because Java prints at least two digits for them (`4.9E-324`).
    public static func value(ofLiteral literal: String) -> Double? {
        guard let double = Double(literal), double.isFinite else { return nil }
        if double == 0 || double.isNormal, significantDigits(literal) <= 15 {
            // Distinct decimals of at most 15 significant digits map to distinct doubles, so the literal
            // is the shortest round-trip form of its double.
            return double == 0 ? 0 : double
        }
        guard let exact = Decimal(literal) else { return nil }
        let shortest = double.description
        guard let nearest = Decimal(shortest), exact == nearest else { return nil }
        if double.isSubnormal, nearest.digits.count < 2 { return nil }
        return double == 0 ? 0 : double
    }

    /// The number of digits between the first and last non-zero mantissa digit (0 for zero).
    static func significantDigits(_ literal: String) -> Int {
        var first = -1
        var last = -1
        var position = 0
        for byte in literal.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { continue }
            if byte != UInt8(ascii: "0") {
                if first < 0 { first = position }
                last = position
            }
            position += 1
        }
        return first < 0 ? 0 : last - first + 1
    }

    /// A normalised exact decimal: `digits × 10^exponent`, no leading or trailing zero digits.
    struct Decimal: Equatable {
        var negative: Bool
        var digits: [UInt8]
        var exponent: Int

        /// Parses `[-]digits[.digits][(e|E)[+|-]digits]`; `nil` for anything else or an absurd exponent.
        init?(_ text: String) {
            var bytes = Array(text.utf8)[...]
            negative = bytes.first == UInt8(ascii: "-")
            if negative || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            var mantissa: [UInt8] = []
            var fractionDigits = 0
            var seenPoint = false
            var exponentValue = 0
            while let byte = bytes.first {
                if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    mantissa.append(byte - UInt8(ascii: "0"))
                    if seenPoint { fractionDigits += 1 }
                } else if byte == UInt8(ascii: "."), !seenPoint {
                    seenPoint = true
                } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                    guard let parsed = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)),
                        abs(parsed) < 1_000_000_000
                    else { return nil }
                    exponentValue = parsed
                    bytes = []
                    break
                } else {
                    return nil
                }
                bytes = bytes.dropFirst()
            }
            guard !mantissa.isEmpty else { return nil }
            let firstNonZero = mantissa.firstIndex { $0 != 0 } ?? mantissa.count
            mantissa.removeFirst(firstNonZero)
            var exponent = exponentValue - fractionDigits
            while let last = mantissa.last, last == 0 {
                mantissa.removeLast()
                exponent += 1
            }
            if mantissa.isEmpty {
                negative = false
                exponent = 0
            }
            digits = mantissa
            self.exponent = exponent
        }
    }
}
