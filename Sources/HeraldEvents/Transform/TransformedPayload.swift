import HeraldJSON

/// The body a target receives after `Input`/`InputPath`/`InputTransformer` processing.
public struct TransformedPayload: Sendable, Hashable {
    /// The exact bytes to send.
    public let bytes: [UInt8]
    /// Whether the payload is JSON (so it is sent as `application/json` by default).
    public let isJSON: Bool
    private let value: JSONValue?

    /// A JSON payload, serialized compactly.
    public init(json: JSONValue) {
        self.bytes = json.jsonBytes
        self.isJSON = true
        self.value = json
    }

    /// A payload from rendered bytes, checking whether they are JSON.
    public init(renderedBytes: [UInt8]) {
        self.bytes = renderedBytes
        self.value = try? JSONValue(parsing: renderedBytes)
        self.isJSON = value != nil
    }

    /// A payload whose bytes are known to be one JSON document, such as an event as the log stores it (validated at
    /// ingest). Nothing is parsed unless ``json`` is asked for: a plain target sends the stored bytes as they are.
    public init(jsonBytes: [UInt8]) {
        self.init(renderedBytes: jsonBytes, isJSON: true)
    }

    /// A payload from rendered bytes whose JSON-ness the renderer already knows (parsed lazily).
    init(renderedBytes: [UInt8], isJSON: Bool) {
        self.bytes = renderedBytes
        self.isJSON = isJSON
        self.value = nil
    }

    /// The bytes parsed as JSON, or `nil` when the payload is plain text (a template that is not JSON).
    /// Parsed on each access for rendered payloads; keep the result if you need it twice.
    public var json: JSONValue? {
        if let value { return value }
        return isJSON ? try? JSONValue(parsing: bytes) : nil
    }

    /// The payload as UTF-8 text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
