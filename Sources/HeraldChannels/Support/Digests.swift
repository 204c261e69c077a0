import Crypto

/// HMAC and hash helpers over raw bytes (thin wrappers so the rest of the module never touches Crypto types).
enum Digests {
    /// HMAC-SHA1 of `message` keyed with `key`.
    static func hmacSHA1(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> [UInt8] {
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key)))
        return Array(code)
    }

    /// HMAC-SHA256 of `message` keyed with `key`.
    static func hmacSHA256(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> [UInt8] {
        let code = HMAC<SHA256>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key)))
        return Array(code)
    }

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        Array(SHA256.hash(data: Array(bytes)))
    }
}

/// Public hashing helpers that other modules (and the fake providers) need alongside the signatures.
public enum ChannelDigest {
    /// Lowercase hex SHA-256 of `bytes` (Twilio's `bodySHA256`, the generic receipt id).
    /// - Parameter bytes: Input bytes.
    /// - Returns: 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        ByteEncoding.hex(Digests.sha256(bytes))
    }

    /// Base64 HMAC-SHA256 (used by the generic endpoint signer and tests).
    /// - Parameters:
    ///   - key: Key bytes.
    ///   - message: Message bytes.
    /// - Returns: The base64 MAC.
    public static func hmacSHA256Base64(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> String {
        ByteEncoding.base64(Digests.hmacSHA256(key: key, message: message))
    }

    /// Lowercase hex HMAC-SHA256.
    /// - Parameters:
    ///   - key: Key bytes.
    ///   - message: Message bytes.
    /// - Returns: The hex MAC.
    public static func hmacSHA256Hex(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> String {
        ByteEncoding.hex(Digests.hmacSHA256(key: key, message: message))
    }
}
