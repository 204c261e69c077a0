/// A DingTalk custom-robot signature for one timestamp.
public struct DingTalkSignature: Sendable, Hashable {
    /// The timestamp in unix milliseconds.
    public var timestampMilliseconds: Int64
    /// `base64(HMAC-SHA256(key: secret, message: "<timestamp_ms>\n<secret>"))`.
    public var base64: String
    /// `base64` URL-encoded once (`+`, `/`, `=` escaped), ready to append to the query.
    public var urlEncoded: String
}

/// Signs DingTalk custom-robot (自定义机器人) webhook URLs (加签).
///
/// `sign = urlEncode(base64(HMAC-SHA256(key = secret, message = timestamp_ms + "\n" + secret)))`, appended as
/// `&timestamp=<ms>&sign=<sign>`. The sign is URL-encoded exactly once: a second encoding makes DingTalk answer
/// errcode 310000 `sign not match`. DingTalk rejects timestamps more than one hour from its clock.
public struct DingTalkSigner: Sendable {
    /// Largest accepted clock difference, in milliseconds (one hour).
    public static let maximumSkewMilliseconds: Int64 = 3_600_000

    /// The robot's `SEC…` secret.
    public let secret: String

    /// Creates a signer.
    /// - Parameter secret: The robot's `SEC…` secret.
    /// - Throws: `ChannelConfigurationError.missingSecret` if the secret is empty.
    public init(secret: String) throws(ChannelConfigurationError) {
        guard !secret.isEmpty else { throw .missingSecret("dingtalk robot secret") }
        self.secret = secret
    }

    /// Computes the signature for a timestamp.
    /// - Parameter timestampMilliseconds: Unix time in milliseconds.
    /// - Returns: The signature in raw base64 and URL-encoded forms.
    public func signature(timestampMilliseconds: Int64) -> DingTalkSignature {
        let message = String(timestampMilliseconds) + "\n" + secret
        let base64 = ByteEncoding.base64(Digests.hmacSHA256(key: secret.utf8, message: message.utf8))
        return DingTalkSignature(
            timestampMilliseconds: timestampMilliseconds, base64: base64, urlEncoded: FormURLEncoding.escape(base64))
    }

    /// Appends `timestamp` and `sign` to the query of a robot webhook URL, before any `#fragment` (a fragment is
    /// never sent, so parameters after it would leave the request unsigned).
    /// - Parameters:
    ///   - webhookURL: `https://oapi.dingtalk.com/robot/send?access_token=…`.
    ///   - timestampMilliseconds: Unix time in milliseconds.
    /// - Returns: The signed URL.
    public func signedURL(_ webhookURL: String, timestampMilliseconds: Int64) -> String {
        let signature = signature(timestampMilliseconds: timestampMilliseconds)
        let fragmentStart = webhookURL.firstIndex(of: "#") ?? webhookURL.endIndex
        let base = webhookURL[..<fragmentStart]
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + "timestamp=\(timestampMilliseconds)&sign=" + signature.urlEncoded + webhookURL[fragmentStart...]
    }

    /// Checks a received signature the way DingTalk does (used by the fake DingTalk server).
    /// - Parameters:
    ///   - sign: The `sign` query value after URL-decoding (the base64 text).
    ///   - timestampMilliseconds: The `timestamp` query value.
    ///   - nowMilliseconds: The receiver's clock in unix milliseconds.
    /// - Returns: `.valid`, `.invalidTimestamp` or `.signatureMismatch`.
    public func check(sign: String, timestampMilliseconds: Int64, nowMilliseconds: Int64) -> BotSignatureCheck {
        guard abs(nowMilliseconds - timestampMilliseconds) <= Self.maximumSkewMilliseconds else {
            return .invalidTimestamp
        }
        let expected = signature(timestampMilliseconds: timestampMilliseconds).base64
        return ConstantTime.equals(expected, sign) ? .valid : .signatureMismatch
    }
}

/// The outcome of checking a bot signature on the receiving side.
public enum BotSignatureCheck: Sendable, Hashable {
    /// The signature matches and the timestamp is within range.
    case valid
    /// The timestamp is too far from the receiver's clock.
    case invalidTimestamp
    /// The signature does not match.
    case signatureMismatch
}
