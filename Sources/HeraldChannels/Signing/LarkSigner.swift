/// Signs Lark / Feishu custom-bot messages.
///
/// `sign = base64(HMAC-SHA256(key = timestamp_s + "\n" + secret, message = empty))` — key and message are swapped
/// compared with DingTalk and nothing is URL-encoded. `"timestamp"` (string, unix **seconds**) and `"sign"` go in
/// the JSON body next to `msg_type`. Lark rejects timestamps more than one hour from its clock (code 19021).
public struct LarkSigner: Sendable {
    /// Largest accepted clock difference, in seconds (one hour).
    public static let maximumSkewSeconds: Int64 = 3600

    /// The bot's signing secret.
    public let secret: String

    /// Creates a signer.
    /// - Parameter secret: The bot's signing secret.
    /// - Throws: `ChannelConfigurationError.missingSecret` if the secret is empty.
    public init(secret: String) throws(ChannelConfigurationError) {
        guard !secret.isEmpty else { throw .missingSecret("lark bot secret") }
        self.secret = secret
    }

    /// Computes the `sign` body field for a timestamp.
    /// - Parameter timestampSeconds: Unix time in seconds.
    /// - Returns: The base64 signature.
    public func sign(timestampSeconds: Int64) -> String {
        let key = String(timestampSeconds) + "\n" + secret
        return ByteEncoding.base64(Digests.hmacSHA256(key: key.utf8, message: [UInt8]()))
    }

    /// Checks a received signature the way Lark does (used by the fake Lark server).
    /// - Parameters:
    ///   - sign: The body's `sign` field.
    ///   - timestamp: The body's `timestamp` field (string seconds).
    ///   - nowSeconds: The receiver's clock in unix seconds.
    /// - Returns: `.valid`, `.invalidTimestamp` or `.signatureMismatch`.
    public func check(sign: String, timestamp: String, nowSeconds: Int64) -> BotSignatureCheck {
        guard let seconds = Int64(timestamp), abs(nowSeconds - seconds) <= Self.maximumSkewSeconds else {
            return .invalidTimestamp
        }
        return ConstantTime.equals(self.sign(timestampSeconds: seconds), sign) ? .valid : .signatureMismatch
    }
}
