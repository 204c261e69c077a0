/// The ordered history of one incident (correlation id): its events, every send and every receipt.
public struct LedgerIncidentTimeline: Sendable, Hashable {
    /// The incident / correlation id.
    public var incidentID: String
    /// Entries ordered by time, then events before sends before receipts.
    public var entries: [LedgerTimelineEntry]

    /// Creates a timeline.
    public init(incidentID: String, entries: [LedgerTimelineEntry]) {
        self.incidentID = incidentID
        self.entries = entries
    }

    /// The timeline as a result set with columns
    /// `time, relative_ms, kind, channel, recipient, status, target, detail` (`time` as ISO-8601 UTC).
    public var resultSet: LedgerResultSet {
        LedgerResultSet(
            columns: ["time", "relative_ms", "kind", "channel", "recipient", "status", "target", "detail"],
            rows: entries.map { entry in
                [
                    .text(LedgerTime.iso8601(milliseconds: entry.timeMilliseconds)),
                    .integer(entry.relativeMilliseconds), .text(entry.kind.rawValue),
                    entry.channel.map(LedgerValue.text) ?? .null, entry.recipient.map(LedgerValue.text) ?? .null,
                    .text(entry.status), entry.target.map(LedgerValue.text) ?? .null, .text(entry.detail),
                ]
            }
        )
    }

    /// Renders the timeline as a table, JSON or CSV.
    public func rendered(as format: LedgerOutputFormat) -> String {
        resultSet.rendered(as: format)
    }
}
