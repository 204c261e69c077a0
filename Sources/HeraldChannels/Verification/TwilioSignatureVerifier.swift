/// The result of a verified Twilio webhook.
public struct VerifiedTwilioRequest: Sendable, Hashable {
    /// The decoded form parameters (empty for JSON-body webhooks).
    public var parameters: [FormParameter]
    /// The URL variant whose signature matched.
    public var matchedURL: String
    /// Whether the request was a JSON-body webhook (`bodySHA256` in the URL).
    public var isJSONBody: Bool
    /// The algorithm that matched.
    public var algorithm: TwilioSignature.Algorithm

    /// The first value of parameter `name`, or `nil`.
    /// - Parameter name: The parameter name (case-sensitive, as Twilio sends it).
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}

/// Verifies `X-Twilio-Signature` over the raw request (status callbacks and other Twilio webhooks).
///
/// Tries, for each configured auth token, the URL as configured, with the scheme's default port added, with the port
/// removed, without a `#fragment`, and twilio-node's legacy querystring re-encoding of the port variants. For JSON
/// bodies (`bodySHA256` in the URL query) it signs with no parameters and also checks the body hash. A request carrying
/// `X-Twilio-Webhooks-Signature-Settings: key=<id>,algorithm=HMAC_SHA256` is checked with HMAC-SHA256 and the
/// SharedKey secret registered under `<id>`.
public struct TwilioSignatureVerifier: Sendable {
    /// Header carrying the signature.
    public static let signatureHeader = "X-Twilio-Signature"
    /// Header naming the SharedKey and algorithm (Public Beta).
    public static let signatureSettingsHeader = "X-Twilio-Webhooks-Signature-Settings"

    /// Auth tokens accepted (primary first; a secondary token during rotation).
    public let authTokens: [String]
    /// SharedKey secrets by key id.
    public let sharedKeys: [String: String]

    /// Creates a verifier.
    /// - Parameters:
    ///   - authTokens: Auth tokens to accept (at least one, unless `sharedKeys` is non-empty).
    ///   - sharedKeys: SharedKey secrets by key id, for the HMAC-SHA256 variant.
    /// - Throws: `ChannelConfigurationError.missingSecret` if neither tokens nor shared keys are given.
    public init(authTokens: [String], sharedKeys: [String: String] = [:]) throws(ChannelConfigurationError) {
        let tokens = authTokens.filter { !$0.isEmpty }
        guard !tokens.isEmpty || !sharedKeys.isEmpty else {
            throw .missingSecret("twilio auth token")
        }
        self.authTokens = tokens
        self.sharedKeys = sharedKeys
    }

    /// Creates a verifier for a single auth token.
    /// - Parameter authToken: The account's auth token.
    /// - Throws: `ChannelConfigurationError.missingSecret` if the token is empty.
    public init(authToken: String) throws(ChannelConfigurationError) {
        try self.init(authTokens: [authToken])
    }

    /// Verifies one request.
    /// - Parameters:
    ///   - url: The full public URL Twilio called (as configured in the StatusCallback), query string included.
    ///   - headers: Request headers.
    ///   - body: The raw body bytes.
    /// - Returns: The verified request with its decoded parameters.
    /// - Throws: `ReceiptVerificationError` describing the first failed check.
    public func verify(url: String, headers: ChannelHeaders, body: [UInt8]) throws(ReceiptVerificationError)
        -> VerifiedTwilioRequest
    {
        guard let signature = headers[Self.signatureHeader], !signature.isEmpty else {
            throw .missingHeader(Self.signatureHeader)
        }
        guard let parsed = WebhookURL(url) else { throw .malformedURL(url) }
        let (algorithm, keys) = try signingKeys(headers: headers)

        let bodyHash = parsed.queryParameters.first { $0.name == "bodySHA256" }?.value
        let parameters: [FormParameter]
        if let bodyHash {
            guard ConstantTime.equals(bodyHash.lowercased(), ChannelDigest.sha256Hex(body)) else {
                throw .bodyHashMismatch
            }
            parameters = []
        } else {
            parameters = FormURLEncoding.decode(body)
        }

        let candidates = Self.urlVariants(parsed)
        for key in keys {
            for candidate in candidates {
                let expected = TwilioSignature.compute(
                    url: candidate, parameters: parameters, key: key, algorithm: algorithm)
                if ConstantTime.equals(expected, signature) {
                    return VerifiedTwilioRequest(
                        parameters: parameters, matchedURL: candidate, isJSONBody: bodyHash != nil,
                        algorithm: algorithm)
                }
            }
        }
        throw .signatureMismatch
    }

    /// The URL texts a signature may have been computed over, without duplicates, as-configured first.
    /// - Parameter url: The configured URL.
    /// - Returns: The candidate URLs, or just `url` if it cannot be parsed.
    public static func urlVariants(of url: String) -> [String] {
        guard let parsed = WebhookURL(url) else { return [url] }
        return urlVariants(parsed)
    }

    /// The candidate URL texts for a parsed URL (see ``urlVariants(of:)``).
    static func urlVariants(_ parsed: WebhookURL) -> [String] {
        var bases = [parsed, parsed.withDefaultPort, parsed.withoutPort]
        if parsed.fragment != nil {
            var trimmed = parsed
            trimmed.fragment = nil
            bases += [trimmed, trimmed.withDefaultPort, trimmed.withoutPort]
        }
        var result: [String] = []
        for url in bases + bases.map(\.withLegacyQuerystring) where !result.contains(url.text) {
            result.append(url.text)
        }
        return result
    }

    private func signingKeys(headers: ChannelHeaders) throws(ReceiptVerificationError)
        -> (TwilioSignature.Algorithm, [String])
    {
        guard let settings = headers[Self.signatureSettingsHeader] else {
            guard !authTokens.isEmpty else { throw .missingHeader(Self.signatureSettingsHeader) }
            return (.hmacSHA1, authTokens)
        }
        var keyID: String?
        var algorithmName: String?
        for item in settings.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map(\.trimmedSpaces)
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "key": keyID = pair[1]
            case "algorithm": algorithmName = pair[1].uppercased()
            default: continue
            }
        }
        guard let keyID, !keyID.isEmpty else {
            throw .malformedHeader(name: Self.signatureSettingsHeader, reason: "missing key")
        }
        guard algorithmName == TwilioSignature.Algorithm.hmacSHA256.rawValue else {
            throw .malformedHeader(name: Self.signatureSettingsHeader, reason: "unsupported algorithm")
        }
        guard let secret = sharedKeys[keyID] else { throw .unknownSigningKey(keyID) }
        return (.hmacSHA256, [secret])
    }
}
