/// How a correlation id travels in a Resend tag value, which Resend limits to ASCII letters, digits, `_` and `-`
/// (1–256 characters): an id that fits is sent as it is; any other (`INC 4/ü`) is sent as `hx-` and the hex of its
/// UTF-8 bytes, and read back exactly from the echoed tag, so sends and receipts keep the incident id the event had
/// and two ids never share a tag. Only an id too long for that (over 126 bytes) loses characters: those Resend
/// refuses become `_` and it is cut to 256 characters.
public enum ResendCorrelationTag {
    /// The tag name Herald's `resend-email` channel writes the correlation id under.
    public static let name = "correlation_id"

    /// Marks a hex-encoded value. An id that itself starts with it is encoded too, so decoding is never ambiguous.
    public static let encodedPrefix = "hx-"

    /// The tag value carrying `id`.
    public static func value(for id: String) -> String {
        if ResendEmailPreset.isValidTag(id), !id.hasPrefix(encodedPrefix) { return id }
        let encoded = encodedPrefix + ByteEncoding.hex(id.utf8)
        if encoded.utf8.count <= 256 { return encoded }
        var cleaned = String(String.UnicodeScalarView(id.unicodeScalars.prefix(256).map { scalar in
            ResendEmailPreset.isValidTag(String(scalar)) ? scalar : "_"
        }))
        if cleaned.hasPrefix(encodedPrefix) { cleaned = "_" + cleaned.dropFirst() }
        return cleaned
    }

    /// The correlation id a tag value carries: the decoded id for an `hx-` value, else the value itself.
    public static func id(fromValue value: String) -> String {
        guard value.hasPrefix(encodedPrefix),
            let bytes = ByteEncoding.fromHex(String(value.dropFirst(encodedPrefix.count))), !bytes.isEmpty,
            let text = String(validating: bytes, as: UTF8.self)
        else { return value }
        return text
    }
}
