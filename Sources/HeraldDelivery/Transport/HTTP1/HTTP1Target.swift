/// Where a plain `http://` URL points: the pool key (host and port), the `Host` header value and the request
/// target (path and query) — parsed without allocating more than these strings.
///
/// Only `http://host[:port][/path][?query]` with a registered name or an IPv4 address is accepted; anything else
/// (`https://`, user info, IPv6 literals, an empty host, a bad port) gives `nil`, and the transport hands the request
/// to its fallback.
struct HTTP1Target: Sendable, Hashable {
    /// The host name or IPv4 address, as written (lower-cased).
    var host: String
    /// The TCP port (80 when the URL has none).
    var port: Int
    /// The `Host` header value: `host`, or `host:port` for a non-default port.
    var hostHeader: String
    /// The request target: the path (at least `/`) and the query, without a fragment.
    var requestTarget: Substring

    /// Parses `url`; see the type's description for what is accepted.
    init?(url: String) {
        let utf8 = url.utf8
        guard utf8.count > 7 else { return nil }
        var index = utf8.startIndex
        for expected in "http://".utf8 {
            let byte = utf8[index]
            guard byte == expected || (expected >= UInt8(ascii: "a") && byte | 0x20 == expected) else { return nil }
            index = utf8.index(after: index)
        }
        let authorityStart = index
        var colon: String.Index?
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: "@") || byte == UInt8(ascii: "[") || byte <= 0x20 || byte >= 0x7F { return nil }
            if byte == UInt8(ascii: ":") {
                guard colon == nil else { return nil }
                colon = index
            }
            index = utf8.index(after: index)
        }
        let authorityEnd = index
        let hostEnd = colon ?? authorityEnd
        guard hostEnd > authorityStart else { return nil }
        var port = 80
        if let colon {
            let digits = url[url.index(after: colon)..<authorityEnd]
            if !digits.isEmpty {
                guard digits.utf8.count <= 5, let parsed = Int(digits), parsed > 0, parsed < 65_536 else { return nil }
                port = parsed
            }
        }
        var targetEnd = authorityEnd
        while targetEnd != utf8.endIndex, utf8[targetEnd] != UInt8(ascii: "#") { targetEnd = utf8.index(after: targetEnd) }
        let target = url[authorityEnd..<targetEnd]
        for byte in target.utf8 where byte <= 0x20 || byte == 0x7F { return nil }
        let host = url[authorityStart..<hostEnd].lowercased()
        self.host = host
        self.port = port
        self.hostHeader = port == 80 ? host : "\(host):\(port)"
        if target.isEmpty {
            self.requestTarget = "/"
        } else if target.utf8.first == UInt8(ascii: "?") {
            self.requestTarget = Substring("/" + target)
        } else {
            self.requestTarget = target
        }
    }
}
