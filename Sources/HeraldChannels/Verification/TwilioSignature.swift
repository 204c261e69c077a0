/// Computes Twilio webhook signatures (`X-Twilio-Signature`).
///
/// `signature = base64(HMAC(key, url + Σ sorted(name) → name + value))`: parameter names sorted by code point, each
/// name's values de-duplicated and sorted, no separators. Only POST body parameters are appended; the query string stays
/// inside `url`. The default algorithm is HMAC-SHA1 keyed with the account's auth token; the SharedKey variant
/// (`X-Twilio-Webhooks-Signature-Settings: key=<id>,algorithm=HMAC_SHA256`) uses HMAC-SHA256 keyed with the shared key.
public enum TwilioSignature {
    /// The MAC algorithm of a Twilio signature.
    public enum Algorithm: String, Sendable, Hashable {
        /// HMAC-SHA1 keyed with the auth token (the classic scheme).
        case hmacSHA1 = "HMAC_SHA1"
        /// HMAC-SHA256 keyed with a SharedKey secret (Public Beta).
        case hmacSHA256 = "HMAC_SHA256"
    }

    /// The exact string Twilio signs for `url` and `parameters`.
    /// - Parameters:
    ///   - url: The full URL Twilio called, query string included.
    ///   - parameters: Decoded POST body parameters (empty for JSON-body webhooks).
    /// - Returns: The string to sign.
    public static func stringToSign(url: String, parameters: [FormParameter]) -> String {
        var grouped: [String: Set<String>] = [:]
        for parameter in parameters {
            grouped[parameter.name, default: []].insert(parameter.value)
        }
        var out = url
        for name in grouped.keys.sorted(by: codePointLess) {
            for value in (grouped[name] ?? []).sorted(by: codePointLess) {
                out += name
                out += value
            }
        }
        return out
    }

    /// Computes the base64 signature.
    /// - Parameters:
    ///   - url: The full URL Twilio called.
    ///   - parameters: Decoded POST body parameters.
    ///   - key: Auth token (SHA-1) or SharedKey secret (SHA-256), as UTF-8 text.
    ///   - algorithm: The MAC algorithm.
    /// - Returns: The `X-Twilio-Signature` value.
    public static func compute(
        url: String, parameters: [FormParameter], key: String, algorithm: Algorithm = .hmacSHA1
    ) -> String {
        let message = Array(stringToSign(url: url, parameters: parameters).utf8)
        let mac: [UInt8] =
            switch algorithm {
            case .hmacSHA1: Digests.hmacSHA1(key: key.utf8, message: message)
            case .hmacSHA256: Digests.hmacSHA256(key: key.utf8, message: message)
            }
        return ByteEncoding.base64(mac)
    }

    /// Appends `bodySHA256=<hex sha256(body)>` to `url`, as Twilio does for JSON-body webhooks.
    /// - Parameters:
    ///   - url: The webhook URL.
    ///   - body: The raw JSON body.
    /// - Returns: The URL Twilio signs and calls.
    public static func urlWithBodyHash(_ url: String, body: some Sequence<UInt8>) -> String {
        let separator = url.contains("?") ? "&" : "?"
        return url + separator + "bodySHA256=" + ChannelDigest.sha256Hex(body)
    }

    /// Sorts strings by Unicode code point, as Python's `sorted` and the other SDKs do for ASCII names.
    static func codePointLess(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
    }
}
