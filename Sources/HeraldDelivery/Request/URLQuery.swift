import HeraldEvents

/// Helpers to add RFC 3986-encoded query parameters and path segments to URLs.
enum URLQuery {
    /// `url` with `pairs` appended to its query (`?` or `&` as needed), keys and values percent-encoded, before
    /// any `#fragment`.
    static func appending(_ pairs: [(String, String)], to url: String) -> String {
        guard !pairs.isEmpty else { return url }
        let query = pairs.map { FormURLEncoder.percentEncode($0.0) + "=" + FormURLEncoder.percentEncode($0.1) }.joined(separator: "&")
        let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
        let base = url[..<fragmentStart]
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + query + url[fragmentStart...]
    }

    /// Whether `url` is an absolute `http://` or `https://` URL with a host.
    static func isHTTPURL(_ url: String) -> Bool {
        let lowered = url.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            let rest = lowered.dropFirst(scheme.count)
            return !(rest.first.map { $0 == "/" || $0 == "?" || $0 == "#" } ?? true)
        }
        return false
    }
}
