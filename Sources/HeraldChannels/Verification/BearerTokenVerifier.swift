/// Verifies `Authorization: Bearer <secret>` on a receipt endpoint (for senders that cannot sign, or a Resend
/// webhook URL protected by a shared secret instead of Svix signatures). Any configured secret may match (rotation);
/// comparison is constant-time.
public struct BearerTokenVerifier: Sendable {
    /// Accepted secrets.
    public let secrets: [String]

    /// Creates a verifier.
    /// - Parameter secrets: Accepted secrets (at least one non-empty).
    /// - Throws: `ChannelConfigurationError.missingSecret` when none is given.
    public init(secrets: [String]) throws(ChannelConfigurationError) {
        let usable = secrets.filter { !$0.isEmpty }
        guard !usable.isEmpty else { throw .missingSecret("bearer secret") }
        self.secrets = usable
    }

    /// Verifies the `Authorization` header.
    /// - Parameter headers: Request headers.
    /// - Throws: `.missingHeader("Authorization")`, `.malformedHeader` for a non-Bearer scheme, `.signatureMismatch`
    ///   for an unknown token.
    public func verify(headers: ChannelHeaders) throws(ReceiptVerificationError) {
        guard let value = headers["Authorization"] else { throw .missingHeader("Authorization") }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .malformedHeader(name: "Authorization", reason: "not a Bearer token")
        }
        let token = parts[1].trimmedSpaces
        var matched = false
        for secret in secrets where ConstantTime.equals(secret, token) { matched = true }
        guard matched else { throw .signatureMismatch }
    }
}
