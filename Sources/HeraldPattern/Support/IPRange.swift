/// A range of IP addresses compared the way AWS's matcher does: as upper-case hex strings of the
/// address bytes (8 digits for IPv4, 32 for IPv6), ordered lexicographically.
///
/// Comparing strings of different lengths is the source of the documented quirks: `10.0.0.0/8` contains
/// `"a00::1"` and `::/0` contains every IPv4 address but `0.0.0.0`.
public struct IPRange: Sendable, Hashable {
    /// The lower bound's hex digits.
    public let lower: [UInt8]
    /// Whether the lower bound is excluded.
    public let lowerOpen: Bool
    /// The upper bound's hex digits.
    public let upper: [UInt8]
    /// Whether the upper bound is excluded.
    public let upperOpen: Bool

    /// Creates a range from hex bounds.
    public init(lower: [UInt8], lowerOpen: Bool, upper: [UInt8], upperOpen: Bool) {
        self.lower = lower
        self.lowerOpen = lowerOpen
        self.upper = upper
        self.upperOpen = upperOpen
    }

    /// Whether an address given as hex digits lies in the range.
    public func contains(hex: [UInt8]) -> Bool {
        let aboveLower = lowerOpen ? lower.lexicographicallyPrecedes(hex) : !hex.lexicographicallyPrecedes(lower)
        guard aboveLower else { return false }
        return upperOpen ? hex.lexicographicallyPrecedes(upper) : !upper.lexicographicallyPrecedes(hex)
    }

    /// Whether a string leaf is an IP literal inside the range.
    public func contains(address text: String) -> Bool {
        guard let hex = IPAddress.hexDigits(of: text) else { return false }
        return contains(hex: hex)
    }

    /// The single-address range AWS's matcher uses for an IP literal in an exact-match list, or `nil`
    /// when `text` is not an IP literal.
    public init?(exactAddress text: String) {
        guard var digits = IPAddress.hexDigits(of: text), let last = digits.last else { return nil }
        if last == UInt8(ascii: "F") {
            var bottom = digits
            bottom[bottom.count - 1] = UInt8(ascii: "E")
            self.init(lower: bottom, lowerOpen: true, upper: digits, upperOpen: false)
        } else {
            let bottom = digits
            digits[digits.count - 1] = last == UInt8(ascii: "9") ? UInt8(ascii: "A") : last + 1
            self.init(lower: bottom, lowerOpen: false, upper: digits, upperOpen: true)
        }
    }

    /// Parses `"address/bits"` (IPv4 bits 0–31, IPv6 bits 0–127; host bits are masked off).
    ///
    /// Splitting follows Java's `String.split("/")`, which drops trailing empty parts, and the bits
    /// follow `Integer.parseInt` (an optional sign, ASCII digits).
    /// - Returns: the range, or a reason the text is not a valid CIDR.
    public static func parse(cidr text: String) -> Result<IPRange, CIDRFormatError> {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last.isEmpty { parts.removeLast() }
        guard parts.count == 2 else { return .failure(CIDRFormatError(reason: "Malformed CIDR, one '/' required")) }
        guard let bits = parseJavaInt(parts[1]) else {
            return .failure(CIDRFormatError(reason: "Malformed CIDR, mask bits must be an integer"))
        }
        guard bits >= 0 else { return .failure(CIDRFormatError(reason: "Malformed CIDR, mask bits must not be negative")) }
        guard let address = IPAddress.bytes(of: parts[0]) else {
            return .failure(CIDRFormatError(reason: "Invalid IP address: \(parts[0])"))
        }
        let totalBits = address.count * 8
        guard bits < totalBits else {
            return .failure(CIDRFormatError(reason: address.count == 4 ? "IPv4 mask bits must be < 32" : "IPv6 mask bits must be < 128"))
        }
        var low = address
        var high = address
        for index in 0..<address.count {
            let fixed = min(max(bits - index * 8, 0), 8)
            let mask: UInt8 = fixed == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - fixed))
            low[index] = address[index] & mask
            high[index] = address[index] | ~mask
        }
        return .success(IPRange(lower: IPAddress.hex(low), lowerOpen: false, upper: IPAddress.hex(high), upperOpen: false))
    }

    private static func parseJavaInt(_ text: Substring) -> Int? {
        var digits = text[...]
        var negative = false
        if let first = digits.first, first == "+" || first == "-" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int32(digits) else {
            return nil
        }
        return negative ? -Int(value) : Int(value)
    }
}

/// Why a `cidr` operand is malformed.
public struct CIDRFormatError: Error, Sendable, Hashable {
    /// A human-readable reason.
    public let reason: String
}
