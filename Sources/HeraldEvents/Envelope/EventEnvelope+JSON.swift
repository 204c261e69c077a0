import HeraldJSON

extension EventEnvelope {
    /// The envelope as a JSON object, members in EventBridge's order
    /// (`version, id, detail-type, source, account, time, region, resources, detail[, replay-name]`).
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [
            ("version", .string(version)),
            ("id", .string(id)),
            ("detail-type", .string(detailType)),
            ("source", .string(source)),
            ("account", .string(account)),
            ("time", .string(time.iso8601String)),
            ("region", .string(region)),
            ("resources", .array(resources.map(JSONValue.string))),
            ("detail", .object(detail)),
        ]
        if let replayName { members.append(("replay-name", .string(replayName))) }
        return .object(JSONObject(members))
    }

    /// The envelope's compact JSON text as UTF-8 bytes (the body targets receive by default): the same bytes as
    /// `jsonValue.jsonBytes`, written in one pass.
    public var jsonBytes: [UInt8] {
        var writer = EnvelopeWriter(capacity: 256)
        writer.writeHead(
            version: version, id: id, detailType: detailType, source: source, account: account, time: time, region: region,
            resources: resources)
        JSONValue.object(detail).write(to: &writer.output)
        if let replayName {
            writer.output.append(contentsOf: #","replay-name":"#.utf8)
            JSONValue.writeString(replayName, to: &writer.output)
        }
        writer.output.append(UInt8(ascii: "}"))
        return writer.output
    }

    /// The envelope's compact JSON text.
    public var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// Reads an envelope back from its JSON text (see ``init(json:)``).
    ///
    /// - Throws: ``EventEnvelopeError/malformedEnvelope(_:)`` for invalid JSON, or
    ///   ``EventEnvelopeError/invalidEnvelopeField(_:)`` for a missing or mistyped member.
    public init(parsing bytes: some Collection<UInt8>) throws(EventEnvelopeError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .malformedEnvelope(error)
        }
        try self.init(json: value)
    }

    /// Reads an envelope from a JSON object. `version`, `id`, `detail-type`, `source`, `account`, `time`
    /// and `region` are required strings; `resources` defaults to `[]` and `detail` to `{}`.
    ///
    /// - Throws: ``EventEnvelopeError/invalidEnvelopeField(_:)`` naming the offending member.
    public init(json: JSONValue) throws(EventEnvelopeError) {
        guard case .object(let object) = json else { throw .invalidEnvelopeField("(root)") }
        func string(_ key: String) throws(EventEnvelopeError) -> String {
            guard case .string(let text)? = object[key] else { throw .invalidEnvelopeField(key) }
            return text
        }
        let timeText = try string("time")
        guard let time = UTCTime(iso8601: timeText) else { throw .invalidEnvelopeField("time") }
        var resources: [String] = []
        if let resourcesValue = object["resources"] {
            guard case .array(let elements) = resourcesValue else { throw .invalidEnvelopeField("resources") }
            for element in elements {
                guard case .string(let resource) = element else { throw .invalidEnvelopeField("resources") }
                resources.append(resource)
            }
        }
        var detail = JSONObject()
        if let detailValue = object["detail"] {
            guard case .object(let detailObject) = detailValue else { throw .invalidEnvelopeField("detail") }
            detail = detailObject
        }
        var replayName: String?
        if let replayValue = object["replay-name"] {
            guard case .string(let name) = replayValue else { throw .invalidEnvelopeField("replay-name") }
            replayName = name
        }
        self.init(
            version: try string("version"),
            id: try string("id"),
            detailType: try string("detail-type"),
            source: try string("source"),
            account: try string("account"),
            time: time,
            region: try string("region"),
            resources: resources,
            detail: detail,
            replayName: replayName
        )
    }
}
