/// A minimal absolute-URL splitter (`scheme://[userinfo@]host[:port]path[?query][#fragment]`) used to build the URL
/// variants Twilio's validators accept. It never normalizes anything it does not have to: signatures are computed
/// over the exact text.
struct WebhookURL: Sendable, Equatable {
    /// Scheme as written (`https`).
    var scheme: String
    /// `user:password` before `@`, if any.
    var userInfo: String?
    /// Host as written (IPv6 literals keep their brackets).
    var host: String
    /// Port digits, if written.
    var port: String?
    /// Path (may be empty).
    var path: String
    /// Query without `?`, if any.
    var query: String?
    /// Fragment without `#`, if any.
    var fragment: String?

    /// Splits an absolute URL; `nil` without `://`, without a host or with a non-numeric port.
    init?(_ text: String) {
        guard let schemeEnd = text.firstRange(of: "://") else { return nil }
        scheme = String(text[text.startIndex..<schemeEnd.lowerBound])
        guard !scheme.isEmpty else { return nil }
        var rest = Substring(text[schemeEnd.upperBound...])
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[rest.startIndex..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[rest.startIndex..<question]
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[rest.startIndex..<authorityEnd]
        path = String(rest[authorityEnd...])
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[authority.startIndex..<at])
            authority = authority[authority.index(after: at)...]
        }
        // A port is the digits after the last ':' that is not inside an IPv6 literal.
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            let digits = authority[authority.index(after: colon)...]
            guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
            port = digits.isEmpty ? nil : String(digits)
            authority = authority[authority.startIndex..<colon]
        }
        host = String(authority)
        guard !host.isEmpty else { return nil }
    }

    /// The scheme's default port (`443` for https/wss, `80` otherwise).
    var defaultPort: String {
        switch scheme.lowercased() {
        case "https", "wss": "443"
        default: "80"
        }
    }

    /// Serializes the URL back to text.
    var text: String {
        var out = scheme + "://"
        if let userInfo { out += userInfo + "@" }
        out += host
        if let port { out += ":" + port }
        out += path
        if let query { out += "?" + query }
        if let fragment { out += "#" + fragment }
        return out
    }

    /// The URL with the scheme's default port written out when it had no port.
    var withDefaultPort: WebhookURL {
        var copy = self
        if copy.port == nil { copy.port = defaultPort }
        return copy
    }

    /// The URL with any port removed.
    var withoutPort: WebhookURL {
        var copy = self
        copy.port = nil
        return copy
    }

    /// twilio-node's legacy variant: the query parsed and re-serialized with Node's `querystring` module
    /// (values grouped by name in first-seen order, `querystring.escape` encoding).
    var withLegacyQuerystring: WebhookURL {
        guard let query, !query.isEmpty else { return self }
        var order: [String] = []
        var values: [String: [String]] = [:]
        for parameter in FormURLEncoding.decode(query) {
            if values[parameter.name] == nil { order.append(parameter.name) }
            values[parameter.name, default: []].append(parameter.value)
        }
        var pieces: [String] = []
        for name in order {
            for value in values[name] ?? [] {
                pieces.append(
                    FormURLEncoding.escapeNodeQuerystring(name) + "=" + FormURLEncoding.escapeNodeQuerystring(value))
            }
        }
        var copy = self
        copy.query = pieces.joined(separator: "&")
        return copy
    }

    /// The decoded query parameters.
    var queryParameters: [FormParameter] {
        query.map { FormURLEncoding.decode($0) } ?? []
    }
}
