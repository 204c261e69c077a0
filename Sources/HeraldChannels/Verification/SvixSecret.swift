/// A Svix / Standard Webhooks signing secret (`whsec_<base64>`; the prefix is optional).
public struct SvixSecret: Sendable, Hashable {
    /// The prefix Svix puts on secrets.
    public static let prefix = "whsec_"

    /// The decoded key bytes.
    let key: [UInt8]

    /// Parses a secret.
    /// - Parameter text: `whsec_<base64>` or the bare base64 text.
    /// - Throws: `ChannelConfigurationError.invalidSecret` if the text after the prefix is not base64 or is empty.
    public init(_ text: String) throws(ChannelConfigurationError) {
        let encoded = text.hasPrefix(Self.prefix) ? String(text.dropFirst(Self.prefix.count)) : text
        guard let key = ByteEncoding.fromBase64(encoded), !key.isEmpty else {
            throw .invalidSecret(reason: "svix secret is not base64 after the optional whsec_ prefix")
        }
        self.key = key
    }

    /// Creates a secret from raw key bytes.
    /// - Parameter key: The key bytes.
    public init(key: [UInt8]) {
        self.key = key
    }

    /// The secret in `whsec_<base64>` form.
    public var text: String {
        Self.prefix + ByteEncoding.base64(key)
    }

    /// The base64 `v1` signature of a message: `base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))`.
    /// - Parameters:
    ///   - id: The message id (`svix-id`).
    ///   - timestamp: Unix seconds (`svix-timestamp`), exactly as sent.
    ///   - body: The raw body.
    /// - Returns: The signature without the `v1,` prefix.
    public func signature(id: String, timestamp: String, body: some Sequence<UInt8>) -> String {
        var message = Array(id.utf8)
        message.append(UInt8(ascii: "."))
        message += timestamp.utf8
        message.append(UInt8(ascii: "."))
        message += body
        return ByteEncoding.base64(Digests.hmacSHA256(key: key, message: message))
    }

    /// The headers a Svix sender attaches to a message.
    /// - Parameters:
    ///   - id: The message id.
    ///   - timestamp: Unix seconds.
    ///   - body: The raw body.
    ///   - branded: `svix-*` names when `true`, `webhook-*` names otherwise.
    /// - Returns: id, timestamp and `v1,<sig>` signature headers.
    public func headers(id: String, timestamp: Int64, body: some Sequence<UInt8>, branded: Bool = true)
        -> ChannelHeaders
    {
        let names = branded ? SvixVerifier.svixHeaderNames : SvixVerifier.webhookHeaderNames
        let stamp = String(timestamp)
        return ChannelHeaders([
            (names.id, id),
            (names.timestamp, stamp),
            (names.signature, "v1," + signature(id: id, timestamp: stamp, body: body)),
        ])
    }
}
