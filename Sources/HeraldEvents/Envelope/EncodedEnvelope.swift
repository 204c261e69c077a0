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
        var writer = Self.head(entry, source: source, detailType: detailType, detailBytes: detail.utf8.count, id: id,
                               ingestionTime: ingestionTime, account: account, region: region)
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

    /// Builds the envelope of a PutEvents entry whose `Detail` arrived as a JSON object and was already validated
    /// and compacted while its request was read (``HeraldJSON/JSONReader/readCompactText(into:)``): the bytes are
    /// copied as they are, with no second pass over them. `entry.detail` is ignored.
    ///
    /// - Parameters:
    ///   - compactDetailObject: the compact text of a JSON object, exactly as `readCompactText` wrote it (the caller
    ///     checked that the value it read was an object).
    ///   - entry, id, ingestionTime, account, region: as for ``init(entry:id:ingestionTime:account:region:)``.
    /// - Throws: ``EventEnvelopeError/missingArgument(_:)`` for a missing `Source` or `DetailType`.
    public init(
        entry: PutEventsEntry, compactDetailObject: [UInt8], id: String, ingestionTime: UTCTime, account: String, region: String
    ) throws(EventEnvelopeError) {
        guard let source = entry.source, !source.isEmpty else { throw .missingArgument("Source") }
        guard let detailType = entry.detailType, !detailType.isEmpty else { throw .missingArgument("DetailType") }
        var writer = Self.head(entry, source: source, detailType: detailType, detailBytes: compactDetailObject.count, id: id,
                               ingestionTime: ingestionTime, account: account, region: region)
        writer.output.append(contentsOf: compactDetailObject)
        writer.output.append(UInt8(ascii: "}"))
        self.id = id
        self.json = writer.output
    }

    /// A writer holding every member before `detail`'s value.
    private static func head(
        _ entry: PutEventsEntry, source: String, detailType: String, detailBytes: Int, id: String, ingestionTime: UTCTime,
        account: String, region: String
    ) -> EnvelopeWriter {
        var writer = EnvelopeWriter(capacity: 200 + detailBytes + source.utf8.count + detailType.utf8.count)
        writer.writeHead(
            version: "0", id: id, detailType: detailType, source: source, account: account,
            time: UTCTime(secondsSince1970: (entry.time ?? ingestionTime).secondsSince1970), region: region,
            resources: entry.resources)
        return writer
    }

    /// Reads the envelope back.
    /// - Throws: ``EventEnvelopeError`` if the text is not an envelope (not for anything an initializer built).
    public func decoded() throws(EventEnvelopeError) -> EventEnvelope {
        try EventEnvelope(parsing: json)
    }
}
