public import HeraldChannels

/// Settings of the receipt endpoints. A provider left `nil` is not mounted (its path answers 404).
public struct ReceiptConfiguration: Sendable {
    /// Twilio status callbacks (`POST /webhooks/twilio`).
    public struct Twilio: Sendable {
        /// Signature verification and normalization.
        public var endpoint: TwilioReceiptEndpoint
        /// The public base URL Twilio calls, e.g. `https://herald.example.com` (no trailing path): the signature is
        /// over this + the request target. `nil`: `<X-Forwarded-Proto or http>://<Host>` of each request (fine for
        /// direct exposure and tests; set it behind a proxy that rewrites the host).
        public var publicBaseURL: String?

        /// Creates the Twilio settings.
        /// - Parameters:
        ///   - authTokens: Auth tokens to accept (two during rotation).
        ///   - sharedKeys: SharedKey secrets by key id (HMAC-SHA256 variant).
        ///   - publicBaseURL: Herald's public base URL.
        ///   - correlationParameter: The callback URL parameter carrying the correlation id (the preset's).
        /// - Throws: `ChannelConfigurationError.missingSecret` without tokens or keys.
        public init(
            authTokens: [String], sharedKeys: [String: String] = [:], publicBaseURL: String? = nil,
            correlationParameter: String = "cid"
        ) throws(ChannelConfigurationError) {
            self.endpoint = TwilioReceiptEndpoint(
                verifier: try TwilioSignatureVerifier(authTokens: authTokens, sharedKeys: sharedKeys),
                normalizer: TwilioReceiptNormalizer(correlationParameter: correlationParameter))
            self.publicBaseURL = publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        }
    }

    /// Twilio settings, or `nil` to leave `/webhooks/twilio` unmounted.
    public var twilio: Twilio?
    /// Resend webhooks (`POST /webhooks/resend`): Svix signatures or a Bearer secret.
    public var resend: ResendReceiptEndpoint?
    /// Generic HMAC sources by name (`POST /webhooks/<name>`).
    public var sources: [String: GenericReceiptSource]
    /// Largest accepted body (default 1 MiB); larger ones get 413.
    public var maxBodyBytes: Int

    /// Creates a configuration.
    /// - Parameters:
    ///   - twilio: Twilio settings.
    ///   - resend: Resend endpoint (see ``resendSvix(secrets:tolerance:normalizer:)`` and
    ///     ``resendBearer(secrets:normalizer:)``).
    ///   - sources: Generic sources.
    ///   - maxBodyBytes: Body limit.
    public init(
        twilio: Twilio? = nil, resend: ResendReceiptEndpoint? = nil, sources: [GenericReceiptSource] = [],
        maxBodyBytes: Int = 1_048_576
    ) {
        self.twilio = twilio
        self.resend = resend
        self.sources = Dictionary(sources.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.maxBodyBytes = maxBodyBytes
    }

    /// A Resend endpoint verifying Svix signatures.
    /// - Parameters:
    ///   - secrets: `whsec_…` secrets (two during rotation).
    ///   - tolerance: Timestamp tolerance in seconds (default 300, both ways).
    ///   - normalizer: Event normalizer (its correlation tags must match what the senders tag emails with).
    /// - Throws: `ChannelConfigurationError` for a missing or malformed secret.
    public static func resendSvix(
        secrets: [String], tolerance: Int64 = SvixVerifier.defaultTolerance,
        normalizer: ResendReceiptNormalizer = ResendReceiptNormalizer()
    ) throws(ChannelConfigurationError) -> ResendReceiptEndpoint {
        ResendReceiptEndpoint(
            authentication: .svix(try SvixVerifier(secrets: secrets, tolerance: tolerance)), normalizer: normalizer)
    }

    /// A Resend endpoint checking `Authorization: Bearer <secret>`.
    /// - Parameters:
    ///   - secrets: Accepted secrets.
    ///   - normalizer: Event normalizer (its correlation tags must match what the senders tag emails with).
    /// - Throws: `ChannelConfigurationError.missingSecret`.
    public static func resendBearer(secrets: [String], normalizer: ResendReceiptNormalizer = ResendReceiptNormalizer())
        throws(ChannelConfigurationError) -> ResendReceiptEndpoint
    {
        ResendReceiptEndpoint(authentication: .bearer(try BearerTokenVerifier(secrets: secrets)), normalizer: normalizer)
    }
}
