/// A base URL without trailing slashes.
func trimmedBase(_ url: String) -> String {
    var text = url
    while text.hasSuffix("/") { text.removeLast() }
    return text
}

/// HTTP Basic authorization header values.
public enum BasicAuth {
    /// `Basic base64(username:password)`.
    /// - Parameters:
    ///   - username: User name.
    ///   - password: Password.
    /// - Returns: The header value.
    public static func header(username: String, password: String) -> String {
        "Basic " + ByteEncoding.base64(Array((username + ":" + password).utf8))
    }

    /// Decodes a `Basic …` header value.
    /// - Parameter header: The `Authorization` header value.
    /// - Returns: User name and password, or `nil` if the header is not valid Basic auth.
    public static func decode(_ header: String) -> (username: String, password: String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let bytes = ByteEncoding.fromBase64(String(parts[1]).trimmedSpaces),
            let colon = bytes.firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        return (
            String(decoding: bytes[..<colon], as: UTF8.self),
            String(decoding: bytes[bytes.index(after: colon)...], as: UTF8.self)
        )
    }
}
