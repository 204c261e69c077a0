import HeraldJSON

/// The body a target receives after `Input`/`InputPath`/`InputTransformer` processing.
public struct TransformedPayload: Sendable, Hashable {
    /// The exact bytes to send.
    public let bytes: [UInt8]
    /// The bytes parsed as JSON, or `nil` when the payload is plain text (a template that is not JSON).
    public let json: JSONValue?

    /// A JSON payload, serialized compactly.
    public init(json: JSONValue) {
        self.bytes = json.jsonBytes
        self.json = json
    }

    /// A payload from rendered bytes; `json` is set when the bytes parse as JSON.
    public init(renderedBytes: [UInt8]) {
        self.bytes = renderedBytes
        self.json = try? JSONValue(parsing: renderedBytes)
    }

    /// Whether the payload is JSON (so it is sent as `application/json` by default).
    public var isJSON: Bool { json != nil }

    /// The payload as UTF-8 text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
