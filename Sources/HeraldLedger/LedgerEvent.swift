/// One event from Herald's log, as stored in the `events` table.
public struct LedgerEvent: Sendable, Hashable {
    /// The EventBridge event id.
    public var eventID: String
    /// The event's sequence in the LMDB log (unique key of the row).
    public var logSequence: UInt64
    /// The event bus name.
    public var bus: String
    /// The event time in milliseconds since the Unix epoch.
    public var timeMilliseconds: Int64
    /// The event `source`.
    public var source: String
    /// The event `detail-type`.
    public var detailType: String
    /// The incident / correlation id carried by the event, if any.
    public var correlationID: String?
    /// The `detail` JSON text (the caller may truncate it).
    public var detail: String

    /// Creates an event row.
    public init(
        eventID: String, logSequence: UInt64, bus: String, timeMilliseconds: Int64, source: String,
        detailType: String, correlationID: String? = nil, detail: String
    ) {
        self.eventID = eventID
        self.logSequence = logSequence
        self.bus = bus
        self.timeMilliseconds = timeMilliseconds
        self.source = source
        self.detailType = detailType
        self.correlationID = correlationID
        self.detail = detail
    }
}
