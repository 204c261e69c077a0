/// IP address literals as AWS's matcher reads them.
///
/// A string is an IP literal if it is a dotted quad (four decimal parts, each 0–255, no leading zeros)
/// or an IPv6 text of hex groups and colons (at most one `::`, no embedded dotted quad, no zone).
/// IPv4-mapped IPv6 addresses (`::ffff:a00:1`) become the IPv4 address (Java's `InetAddress` quirk).
public enum IPAddress {
    /// The address bytes (4 or 16) of an IP literal, or `nil` if `text` is not one.
    public static func bytes(of text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return nil }
        if utf8.contains(UInt8(ascii: ":")) { return parseV6(utf8) }
        return parseV4(utf8)
    }

    /// The upper-case hex digits of an IP literal's address bytes (8 or 32 characters), or `nil`.
    public static func hexDigits(of text: some StringProtocol) -> [UInt8]? {
        guard let address = bytes(of: text) else { return nil }
        return hex(address)
    }

    /// Upper-case hex digits of `bytes`.
    static func hex(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0xF)])
        }
        return output
    }

    private static func parseV4(_ utf8: [UInt8]) -> [UInt8]? {
        let parts = utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            if part.count > 1, part.first == UInt8(ascii: "0") { return nil }
            let value = part.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard value <= 255 else { return nil }
            result.append(UInt8(value))
        }
        return result
    }

    private static func parseV6(_ utf8: [UInt8]) -> [UInt8]? {
        func isHex(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
        }
        guard utf8.allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") }) else { return nil }
        let text = utf8
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var compressed = false
        var index = 0
        if text.starts(with: [0x3A, 0x3A]) {
            compressed = true
            index = 2
            if index == text.count { return [UInt8](repeating: 0, count: 16) }
        } else if text.first == UInt8(ascii: ":") {
            return nil
        }
        while index < text.count {
            var value: UInt32 = 0
            var count = 0
            while index < text.count, isHex(text[index]) {
                value = value << 4 | UInt32(hexValue(text[index]))
                count += 1
                index += 1
            }
            guard count >= 1, count <= 4 else { return nil }
            if compressed { tail.append(UInt16(value)) } else { head.append(UInt16(value)) }
            if index == text.count { break }
            index += 1  // the colon
            if index < text.count, text[index] == UInt8(ascii: ":") {
                guard !compressed else { return nil }
                compressed = true
                index += 1
                if index == text.count { break }
            } else if index == text.count {
                return nil  // trailing single colon
            }
        }
        let total = head.count + tail.count
        if compressed {
            guard total <= 7 else { return nil }
        } else {
            guard total == 8 else { return nil }
        }
        let groups = head + [UInt16](repeating: 0, count: 8 - total) + tail
        var result: [UInt8] = []
        for group in groups {
            result.append(UInt8(group >> 8))
            result.append(UInt8(group & 0xFF))
        }
        if result[0..<10].allSatisfy({ $0 == 0 }), result[10] == 0xFF, result[11] == 0xFF {
            return Array(result[12..<16])
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        default: return byte - 0x61 + 10
        }
    }
}
