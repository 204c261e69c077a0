/// Why an incoming receipt (webhook) failed verification. Every case means "answer 401 and store nothing".
///
/// Cases never carry secrets or computed signatures, only what the caller sent.
public enum ReceiptVerificationError: Error, Sendable, Equatable {
    /// A required header is absent.
    case missingHeader(String)
    /// A header is present but cannot be parsed.
    case malformedHeader(name: String, reason: String)
    /// The timestamp header is not a non-negative integer.
    case invalidTimestamp(String)
    /// The timestamp is older than the tolerance allows.
    case timestampTooOld(timestamp: Int64, now: Int64)
    /// The timestamp is further in the future than the tolerance allows.
    case timestampInFuture(timestamp: Int64, now: Int64)
    /// The signature header has no entry of a supported version (e.g. only `v2,` or `v1a,` entries).
    case noSupportedSignature
    /// No configured secret produces the signature given.
    case signatureMismatch
    /// The body does not hash to the `bodySHA256` value carried in the URL (Twilio JSON webhooks).
    case bodyHashMismatch
    /// A key id named by the request (Twilio SharedKey) is not configured.
    case unknownSigningKey(String)
    /// The URL the request was received on cannot be parsed.
    case malformedURL(String)
}

/// A channel preset, signer or verifier was configured with unusable values.
public enum ChannelConfigurationError: Error, Sendable, Equatable {
    /// A secret is malformed (e.g. `whsec_` secret that is not base64). The reason never includes the secret.
    case invalidSecret(reason: String)
    /// No secret was given where at least one is required.
    case missingSecret(String)
    /// A URL is malformed.
    case invalidURL(String)
    /// A field holds an invalid value.
    case invalidValue(field: String, reason: String)
}
