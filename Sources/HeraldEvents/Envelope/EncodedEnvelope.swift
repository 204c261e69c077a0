import HeraldJSON

/// An event envelope already written as the compact JSON text Herald stores and delivers: exactly the bytes of
/// ``EventEnvelope/jsonBytes`` for the same envelope (see `Docs/storage.md`).
///
/// Ingest builds it straight from a PutEvents entry (``init(entry:id:ingestionTime:account:region:)``): the
/// producer's `Detail` is validated and copied into the envelope in its compact form in one pass, without building
/// a ``JSONValue`` and writing it out again. Every initializer produces valid envelope JSON, so ``decoded()`` only
/// fails for an envelope built from malformed parts, which no initializer accepts.
public struct EncodedEnvelope: Sendable, Hashable {
    /// The envelope's `id`.
    public let id: String
    /// The envelope's compact JSON text (UTF-8).
    public let json: [UInt8]

    /// Writes `envelope` out (the same bytes as ``EventEnvelope/jsonBytes``).
    public init(_ envelope: EventEnvelope) {
        self.id = envelope.id
        self.json = envelope.jsonBytes
    }

    /// Builds the envelope of a PutEvents entry, as ``EventEnvelope/init(entry:id:ingestionTime:account:region:)``
    /// does, and writes it out: the result's ``json`` equals that envelope's ``EventEnvelope/jsonBytes``.
    ///
    /// `Detail` is validated exactly as `JSONValue(parsing:)` validates it and copied in compact form (whitespace
    /// dropped, strings with escapes written again in the writer's form, everything else byte for byte).
    ///
    /// - Parameters:
    ///   - entry: the producer's entry; `Source`, `DetailType` and `Detail` are required and `Detail` must be a JSON
    ///     object.
    ///   - id: the event id to assign.
    ///   - ingestionTime: used as `time` when the entry has no `Time` (`time` is written with whole seconds).
    ///   - account: the bus's account id.
    ///   - region: the bus's region.
    /// - Throws: ``EventEnvelopeError`` describing the first problem, the same one `EventEnvelope(entry:…)` throws.
    public init(entry: PutEventsEntry, id: String, ingestionTime: UTCTime, account: String, region: String)
        throws(EventEnvelopeError)
    {
        guard let source = entry.source, !source.isEmpty else { throw .missingArgument("Source") }
        guard let detailType = entry.detailType, !detailType.isEmpty else { throw .missingArgument("DetailType") }
        guard let detail = entry.detail, !detail.isEmpty else { throw .missingArgument("Detail") }
        var writer = EnvelopeWriter(capacity: 200 + detail.utf8.count + source.utf8.count + detailType.utf8.count)
        writer.writeHead(
            version: "0", id: id, detailType: detailType, source: source, account: account,
            time: UTCTime(secondsSince1970: (entry.time ?? ingestionTime).secondsSince1970), region: region,
            resources: entry.resources)
        let kind: JSONReader.Kind
        do {
            kind = try JSONValue.appendCompactText(of: detail, to: &writer.output)
        } catch {
            throw .malformedDetail(error)
        }
        guard kind == .object else { throw .detailNotAnObject }
        writer.output.append(UInt8(ascii: "}"))
        self.id = id
        self.json = writer.output
    }

    /// Reads the envelope back.
    /// - Throws: ``EventEnvelopeError`` if the text is not an envelope (not for anything an initializer built).
    public func decoded() throws(EventEnvelopeError) -> EventEnvelope {
        try EventEnvelope(parsing: json)
    }
}
