#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A request that passed generic HMAC verification.
public struct VerifiedHMACRequest: Sendable, Hashable {
    /// The signed timestamp (unix seconds) when a timestamp header is configured.
    public var timestamp: Int64?
    /// A stable id to dedupe on: the configured id header's value, or `sha256:<hex of body>`.
    public var receiptID: ReceiptID
}

/// Verifies a generic HMAC-SHA256 webhook for providers without a dedicated verifier.
///
/// String to sign:
/// - without a timestamp header: the raw body bytes;
/// - with a timestamp header: `"<timestamp>.<raw body>"` (the header value exactly as sent, a dot, then the body).
///
/// The signature header holds the MAC as lowercase/uppercase hex or base64 (configured), optionally prefixed
/// (default `sha256=`; the prefix is stripped when present). Keys are the UTF-8 bytes of each configured secret; any
/// secret may match (rotation).
public struct HMACEndpointVerifier: Sendable {
    /// How the MAC is written in the header.
    public enum SignatureEncoding: String, Sendable, Hashable {
        /// Hexadecimal (either case).
        case hex
        /// Standard base64.
        case base64
    }

    /// Verifier settings. Every field has a default except the secrets.
    public struct Configuration: Sendable, Hashable {
        /// Header carrying the signature.
        public var signatureHeader: String
        /// Encoding of the MAC.
        public var encoding: SignatureEncoding
        /// Optional prefix in front of the MAC (stripped when present, e.g. `sha256=`).
        public var signaturePrefix: String?
        /// Optional header carrying a unix-seconds timestamp that is part of the signed string.
        public var timestampHeader: String?
        /// Allowed clock difference in seconds, both ways, when a timestamp header is used.
        public var tolerance: Int64
        /// Optional header carrying the sender's delivery id (used as the receipt id).
        public var idHeader: String?
        /// Accepted secrets (UTF-8 key bytes); at least one.
        public var secrets: [String]

        /// Creates a configuration.
        /// - Parameters:
        ///   - secrets: Accepted secrets.
        ///   - signatureHeader: Signature header name.
        ///   - encoding: MAC encoding.
        ///   - signaturePrefix: Optional prefix.
        ///   - timestampHeader: Optional timestamp header.
        ///   - tolerance: Timestamp tolerance in seconds.
        ///   - idHeader: Optional delivery-id header.
        public init(
            secrets: [String], signatureHeader: String = "X-Signature", encoding: SignatureEncoding = .hex,
            signaturePrefix: String? = "sha256=", timestampHeader: String? = nil, tolerance: Int64 = 300,
            idHeader: String? = nil
        ) {
            self.secrets = secrets
            self.signatureHeader = signatureHeader
            self.encoding = encoding
            self.signaturePrefix = signaturePrefix
            self.timestampHeader = timestampHeader
            self.tolerance = tolerance
            self.idHeader = idHeader
        }
    }

    /// The settings in force.
    public let configuration: Configuration

    /// Creates a verifier.
    /// - Parameter configuration: The settings.
    /// - Throws: `ChannelConfigurationError.missingSecret` when no non-empty secret is configured.
    public init(configuration: Configuration) throws(ChannelConfigurationError) {
        guard configuration.secrets.contains(where: { !$0.isEmpty }) else {
            throw .missingSecret("hmac endpoint secret")
        }
        self.configuration = configuration
    }

    /// The bytes that are signed for `body` and an optional timestamp header value.
    /// - Parameters:
    ///   - body: The raw body.
    ///   - timestamp: The timestamp header value, if the configuration uses one.
    /// - Returns: The message bytes.
    public static func stringToSign(body: [UInt8], timestamp: String?) -> [UInt8] {
        guard let timestamp else { return body }
        return Array(timestamp.utf8) + [UInt8(ascii: ".")] + body
    }

    /// Computes the header value a sender would attach (used by tests and the fake providers).
    /// - Parameters:
    ///   - body: The raw body.
    ///   - timestamp: The timestamp header value, if used.
    ///   - secret: The secret.
    /// - Returns: The signature header value, prefix included.
    public func sign(body: [UInt8], timestamp: String?, secret: String) -> String {
        let mac = Digests.hmacSHA256(key: secret.utf8, message: Self.stringToSign(body: body, timestamp: timestamp))
        let encoded = configuration.encoding == .hex ? ByteEncoding.hex(mac) : ByteEncoding.base64(mac)
        return (configuration.signaturePrefix ?? "") + encoded
    }

    /// Verifies one request.
    /// - Parameters:
    ///   - headers: Request headers.
    ///   - body: The raw body bytes.
    ///   - now: The current time (injected clock); only used with a timestamp header.
    /// - Returns: The verified request.
    /// - Throws: `ReceiptVerificationError` describing the first failed check.
    public func verify(headers: ChannelHeaders, body: [UInt8], now: Date) throws(ReceiptVerificationError)
        -> VerifiedHMACRequest
    {
        let config = configuration
        guard var provided = headers[config.signatureHeader]?.trimmedSpaces, !provided.isEmpty else {
            throw .missingHeader(config.signatureHeader)
        }
        if let prefix = config.signaturePrefix, !prefix.isEmpty,
            provided.lowercased().hasPrefix(prefix.lowercased())
        {
            provided = String(provided.dropFirst(prefix.count))
        }
        let decoded = config.encoding == .hex ? ByteEncoding.fromHex(provided) : ByteEncoding.fromBase64(provided)
        guard let mac = decoded else {
            throw .malformedHeader(name: config.signatureHeader, reason: "not \(config.encoding.rawValue)")
        }

        var timestampText: String?
        var timestamp: Int64?
        if let timestampHeader = config.timestampHeader {
            guard let stamp = headers[timestampHeader] else { throw .missingHeader(timestampHeader) }
            guard !stamp.isEmpty, stamp.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let value = Int64(stamp)
            else { throw .invalidTimestamp(stamp) }
            let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
            if nowSeconds - value > config.tolerance { throw .timestampTooOld(timestamp: value, now: nowSeconds) }
            if value - nowSeconds > config.tolerance { throw .timestampInFuture(timestamp: value, now: nowSeconds) }
            timestampText = stamp
            timestamp = value
        }

        let message = Self.stringToSign(body: body, timestamp: timestampText)
        var matched = false
        for secret in config.secrets where !secret.isEmpty {
            if ConstantTime.equals(Digests.hmacSHA256(key: secret.utf8, message: message), mac) { matched = true }
        }
        guard matched else { throw .signatureMismatch }
        let id = config.idHeader.flatMap { headers[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        return VerifiedHMACRequest(
            timestamp: timestamp, receiptID: id.map(ReceiptID.generic(deliveryID:)) ?? ReceiptID.generic(body: body))
    }
}
