/// One entry of a PutEvents request, as a producer sends it (all members optional, as on the wire).
public struct PutEventsEntry: Sendable, Hashable {
    /// `Source`: the event's source, e.g. `com.app`.
    public var source: String?
    /// `DetailType`: free-form type of the detail, e.g. `OrderPlaced`.
    public var detailType: String?
    /// `Detail`: a JSON object as text.
    public var detail: String?
    /// `Resources`: ARNs the event concerns.
    public var resources: [String]
    /// `Time`: the event's time; the ingestion time is used when absent.
    public var time: UTCTime?
    /// `EventBusName`: name or ARN of the target bus; the default bus when absent.
    public var eventBusName: String?
    /// `TraceHeader`: an X-Ray trace header (kept, not interpreted).
    public var traceHeader: String?

    /// Creates an entry.
    public init(
        source: String? = nil,
        detailType: String? = nil,
        detail: String? = nil,
        resources: [String] = [],
        time: UTCTime? = nil,
        eventBusName: String? = nil,
        traceHeader: String? = nil
    ) {
        self.source = source
        self.detailType = detailType
        self.detail = detail
        self.resources = resources
        self.time = time
        self.eventBusName = eventBusName
        self.traceHeader = traceHeader
    }

    /// The entry's size as EventBridge counts it against the entry limit: 14 bytes for a `Time`, plus the UTF-8
    /// bytes of `Source`, `DetailType`, `Detail` and every resource.
    public var eventBridgeSize: Int {
        Self.eventBridgeSize(
            hasTime: time != nil, source: source, detailType: detailType, detail: detail, resources: resources)
    }

    /// The EventBridge entry size from the members that count (for callers holding their own entry shape).
    public static func eventBridgeSize(
        hasTime: Bool, source: String?, detailType: String?, detail: String?, resources: [String]
    ) -> Int {
        (hasTime ? 14 : 0) + (source?.utf8.count ?? 0) + (detailType?.utf8.count ?? 0) + (detail?.utf8.count ?? 0)
            + resources.reduce(0) { $0 + $1.utf8.count }
    }
}
