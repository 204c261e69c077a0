import HeraldJSON

/// The event as EventBridge delivers it to targets and matches it against patterns:
/// `{version, id, detail-type, source, account, time, region, resources, detail, replay-name?}`.
public struct EventEnvelope: Sendable, Hashable {
    /// `version`: always `"0"` for EventBridge events.
    public var version: String
    /// `id`: a unique id (a UUID for EventBridge); also the idempotency key of every delivery.
    public var id: String
    /// `detail-type`.
    public var detailType: String
    /// `source`.
    public var source: String
    /// `account`: the account id of the bus.
    public var account: String
    /// `time`: the event's time (the producer's `Time`, or the ingestion time), written with whole seconds.
    public var time: UTCTime
    /// `region`.
    public var region: String
    /// `resources`: ARNs the event concerns (possibly empty).
    public var resources: [String]
    /// `detail`: the producer's JSON object, number literals preserved.
    public var detail: JSONObject
    /// `replay-name`: set only on events re-sent by a replay.
    public var replayName: String?

    /// Creates an envelope from its members.
    public init(
        version: String = "0",
        id: String,
        detailType: String,
        source: String,
        account: String,
        time: UTCTime,
        region: String,
        resources: [String] = [],
        detail: JSONObject = JSONObject(),
        replayName: String? = nil
    ) {
        self.version = version
        self.id = id
        self.detailType = detailType
        self.source = source
        self.account = account
        self.time = time
        self.region = region
        self.resources = resources
        self.detail = detail
        self.replayName = replayName
    }

    /// Builds the envelope of a PutEvents entry, as EventBridge does on ingest.
    ///
    /// - Parameters:
    ///   - entry: the producer's entry; `Source`, `DetailType` and `Detail` are required and `Detail` must
    ///     be a JSON object.
    ///   - id: the event id to assign (a UUID in production; injected so tests are deterministic).
    ///   - ingestionTime: when the event was received; used as `time` when the entry has no `Time`
    ///     (`time` is truncated to whole seconds, as EventBridge writes it, so the envelope round-trips).
    ///   - account: the bus's account id.
    ///   - region: the bus's region.
    /// - Throws: ``EventEnvelopeError`` describing the first problem, with EventBridge's error code.
    public init(entry: PutEventsEntry, id: String, ingestionTime: UTCTime, account: String, region: String)
        throws(EventEnvelopeError)
    {
        guard let source = entry.source, !source.isEmpty else { throw .missingArgument("Source") }
        guard let detailType = entry.detailType, !detailType.isEmpty else { throw .missingArgument("DetailType") }
        guard let detailText = entry.detail, !detailText.isEmpty else { throw .missingArgument("Detail") }
        let detailValue: JSONValue
        do {
            detailValue = try JSONValue(parsing: detailText)
        } catch {
            throw .malformedDetail(error)
        }
        guard case .object(let detail) = detailValue else { throw .detailNotAnObject }
        self.init(
            id: id,
            detailType: detailType,
            source: source,
            account: account,
            time: UTCTime(secondsSince1970: (entry.time ?? ingestionTime).secondsSince1970),
            region: region,
            resources: entry.resources,
            detail: detail
        )
    }
}
