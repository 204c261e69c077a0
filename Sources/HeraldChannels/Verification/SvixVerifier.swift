#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A webhook message that passed Svix verification.
public struct VerifiedSvixMessage: Sendable, Hashable {
    /// The message id (`svix-id`/`webhook-id`): stable across Svix's retries, the key to dedupe on.
    public var id: String
    /// The signed timestamp in unix seconds.
    public var timestamp: Int64
}

/// Verifies Svix / Standard Webhooks signatures (used by Resend).
///
/// Headers `svix-id`, `svix-timestamp`, `svix-signature` (or the unbranded `webhook-*` names). The signature header is
/// a space-separated list of `<version>,<base64>` entries; only `v1` entries are considered and any one matching any
/// configured secret accepts. The timestamp must be a non-negative integer within `tolerance` seconds of `now` in both
/// directions (exactly `tolerance` passes).
public struct SvixVerifier: Sendable {
    /// Header names of one naming scheme.
    public struct HeaderNames: Sendable, Hashable {
        /// Message id header.
        public var id: String
        /// Timestamp header.
        public var timestamp: String
        /// Signature header.
        public var signature: String
    }

    /// The branded Svix names.
    public static let svixHeaderNames = HeaderNames(id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature")
    /// The unbranded Standard Webhooks names.
    public static let webhookHeaderNames = HeaderNames(
        id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature")
    /// Svix's default tolerance, in seconds.
    public static let defaultTolerance: Int64 = 300

    /// Accepted secrets (several during rotation).
    public let secrets: [SvixSecret]
    /// Allowed clock difference in seconds, both ways.
    public let tolerance: Int64

    /// Creates a verifier.
    /// - Parameters:
    ///   - secrets: `whsec_…` secrets (prefix optional); at least one.
    ///   - tolerance: Allowed clock difference in seconds.
    /// - Throws: `ChannelConfigurationError` if no secret is given or one is malformed.
    public init(secrets: [String], tolerance: Int64 = SvixVerifier.defaultTolerance) throws(ChannelConfigurationError) {
        guard !secrets.isEmpty else { throw .missingSecret("svix signing secret") }
        var parsed: [SvixSecret] = []
        for secret in secrets {
            parsed.append(try SvixSecret(secret))
        }
        self.secrets = parsed
        self.tolerance = tolerance
    }

    /// Verifies one request.
    /// - Parameters:
    ///   - headers: Request headers.
    ///   - body: The raw body bytes, exactly as received.
    ///   - now: The current time (injected clock).
    /// - Returns: The verified message id and timestamp.
    /// - Throws: `ReceiptVerificationError` describing the first failed check.
    public func verify(headers: ChannelHeaders, body: [UInt8], now: Date) throws(ReceiptVerificationError)
        -> VerifiedSvixMessage
    {
        try verify(headers: headers, body: body, nowSeconds: Int64(now.timeIntervalSince1970.rounded(.down)))
    }

    /// Verifies one request against a clock given in unix seconds.
    /// - Parameters:
    ///   - headers: Request headers.
    ///   - body: The raw body bytes.
    ///   - nowSeconds: The current unix time in seconds.
    /// - Returns: The verified message id and timestamp.
    /// - Throws: `ReceiptVerificationError` describing the first failed check.
    public func verify(headers: ChannelHeaders, body: [UInt8], nowSeconds: Int64) throws(ReceiptVerificationError)
        -> VerifiedSvixMessage
    {
        let id = try header(headers, Self.svixHeaderNames.id, Self.webhookHeaderNames.id)
        let stamp = try header(headers, Self.svixHeaderNames.timestamp, Self.webhookHeaderNames.timestamp)
        let signatures = try header(headers, Self.svixHeaderNames.signature, Self.webhookHeaderNames.signature)

        guard !stamp.isEmpty, stamp.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let timestamp = Int64(stamp)
        else { throw .invalidTimestamp(stamp) }
        if nowSeconds - timestamp > tolerance { throw .timestampTooOld(timestamp: timestamp, now: nowSeconds) }
        if timestamp - nowSeconds > tolerance { throw .timestampInFuture(timestamp: timestamp, now: nowSeconds) }

        let candidates = signatures.split(separator: " ", omittingEmptySubsequences: true).compactMap {
            entry -> Substring? in
            guard let comma = entry.firstIndex(of: ","), entry[entry.startIndex..<comma] == "v1" else { return nil }
            return entry[entry.index(after: comma)...]
        }
        guard !candidates.isEmpty else { throw .noSupportedSignature }
        for secret in secrets {
            let expected = secret.signature(id: id, timestamp: stamp, body: body)
            // Check every entry so the time spent does not reveal which one matched.
            var matched = false
            for candidate in candidates where ConstantTime.equals(Array(candidate.utf8), Array(expected.utf8)) {
                matched = true
            }
            if matched { return VerifiedSvixMessage(id: id, timestamp: timestamp) }
        }
        throw .signatureMismatch
    }

    private func header(_ headers: ChannelHeaders, _ branded: String, _ unbranded: String)
        throws(ReceiptVerificationError) -> String
    {
        if let value = headers[branded] { return value }
        if let value = headers[unbranded] { return value }
        throw .missingHeader(branded)
    }
}
