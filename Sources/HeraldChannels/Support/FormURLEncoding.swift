/// One `name=value` pair of an `application/x-www-form-urlencoded` body or a query string.
public struct FormParameter: Sendable, Hashable {
    /// Decoded parameter name.
    public var name: String
    /// Decoded parameter value.
    public var value: String

    /// Creates a parameter.
    /// - Parameters:
    ///   - name: Decoded name.
    ///   - value: Decoded value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// `application/x-www-form-urlencoded` parsing and serialization (as Twilio sends and expects it).
public enum FormURLEncoding {
    /// Parses a form body or query string. `+` decodes to a space; invalid `%` escapes are kept literally;
    /// empty segments are skipped; a segment without `=` has an empty value. Repeated names are kept in order.
    /// - Parameter bytes: Raw body or query bytes (without the leading `?`).
    /// - Returns: The decoded parameters in order.
    public static func decode(_ bytes: some Collection<UInt8>) -> [FormParameter] {
        var result: [FormParameter] = []
        for segment in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = segment.firstIndex(of: UInt8(ascii: "=")) {
                let name = percentDecode(segment[segment.startIndex..<equals], plusAsSpace: true)
                let value = percentDecode(segment[segment.index(after: equals)...], plusAsSpace: true)
                result.append(FormParameter(name, value))
            } else {
                result.append(FormParameter(percentDecode(segment, plusAsSpace: true), ""))
            }
        }
        return result
    }

    /// Parses a form body or query string given as text.
    /// - Parameter text: The encoded text (without the leading `?`).
    /// - Returns: The decoded parameters in order.
    public static func decode(_ text: String) -> [FormParameter] {
        decode(Array(text.utf8))
    }

    /// Serializes parameters as `application/x-www-form-urlencoded` (space as `+`, unreserved `A–Z a–z 0–9 - . _ ~`
    /// kept, everything else `%XX` uppercase), the encoding Python's `urlencode` and Twilio's SDKs produce.
    /// - Parameter parameters: The parameters in order.
    /// - Returns: The encoded body.
    public static func encode(_ parameters: [FormParameter]) -> String {
        parameters.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// Percent-encodes one form component: like `quote_plus` (space → `+`, `+`/`/`/`=` escaped).
    /// - Parameter text: The raw component.
    /// - Returns: The encoded component.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else if byte == UInt8(ascii: " ") {
                out.append(UInt8(ascii: "+"))
            } else {
                appendPercent(byte, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes with Node's legacy `querystring.escape` rules: unreserved are `A–Z a–z 0–9 - _ . ! ~ * ' ( )`,
    /// space becomes `%20`. Used by the legacy Twilio URL variant.
    /// - Parameter text: The raw component.
    /// - Returns: The encoded component.
    public static func escapeNodeQuerystring(_ text: String) -> String {
        var out: [UInt8] = []
        for byte in text.utf8 {
            if isUnreserved(byte) || "!*'()".utf8.contains(byte) {
                out.append(byte)
            } else {
                appendPercent(byte, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (and optionally `+` as space). Invalid escapes are kept as written; invalid UTF-8 is
    /// repaired with U+FFFD.
    /// - Parameters:
    ///   - bytes: Encoded bytes.
    ///   - plusAsSpace: Whether `+` means a space (form encoding) or a literal plus.
    /// - Returns: The decoded text.
    public static func percentDecode(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%"), index + 2 < input.count,
                let high = ByteEncoding.hexValue(input[index + 1]), let low = ByteEncoding.hexValue(input[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a byte is kept as is (`A–Z a–z 0–9 - . _ ~`).
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Appends `%XX` (uppercase hex) for a byte.
    static func appendPercent(_ byte: UInt8, to out: inout [UInt8]) {
        let digits = Array("0123456789ABCDEF".utf8)
        out.append(UInt8(ascii: "%"))
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
}
