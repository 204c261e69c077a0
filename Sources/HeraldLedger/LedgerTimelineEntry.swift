/// One line of an incident timeline: the event itself, a send (dispatch attempt) or a receipt.
public struct LedgerTimelineEntry: Sendable, Hashable {
    /// What the entry records.
    public enum Kind: String, Sendable, Hashable {
        /// An event from the log carrying the incident id.
        case event
        /// A dispatch attempt.
        case send
        /// A provider receipt.
        case receipt
    }

    /// When it happened, in milliseconds since the Unix epoch.
    public var timeMilliseconds: Int64
    /// Milliseconds since the timeline's first entry.
    public var relativeMilliseconds: Int64
    /// What the entry records.
    public var kind: Kind
    /// The channel of a send or receipt.
    public var channel: String?
    /// The recipient of a send or receipt.
    public var recipient: String?
    /// `ingested` for events; `sent`/`failed`/`dead_lettered` for sends; the receipt status for receipts.
    public var status: String
    /// The target of a send or receipt.
    public var target: String?
    /// A short human-readable description (source and detail-type, rule and attempt, provider message id, error).
    public var detail: String

    /// Creates an entry.
    public init(
        timeMilliseconds: Int64, relativeMilliseconds: Int64, kind: Kind, channel: String?, recipient: String?,
        status: String, target: String?, detail: String
    ) {
        self.timeMilliseconds = timeMilliseconds
        self.relativeMilliseconds = relativeMilliseconds
        self.kind = kind
        self.channel = channel
        self.recipient = recipient
        self.status = status
        self.target = target
        self.detail = detail
    }
}
