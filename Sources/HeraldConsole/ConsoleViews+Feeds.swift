/// One event of the live view.
struct EventRowView {
    /// The log sequence.
    var sequence: String
    /// When the event was stored.
    var ingestedAt: String
    /// The bus the event was put on.
    var bus: String
    /// The event's `source`.
    var source: String
    /// The event's `detail-type`.
    var detailType: String
    /// The event id.
    var eventID: String
    /// The event JSON exactly as stored.
    var envelope: String
}

/// The live events page.
struct EventsPageView {
    /// The filter pattern as typed.
    var pattern: String
    /// How many events to show.
    var limit: String
    /// The largest allowed limit.
    var maxLimit: String
    /// Seconds between reloads (0 = off).
    var refresh: String
    /// An error or notice to show, if any.
    var message: String?
    /// One line describing the item.
    var summary: String
    /// The events, newest first.
    var rows: [EventRowView]
}

/// One step of an incident timeline.
struct TimelineRowView {
    /// When it happened.
    var time: String
    /// Time since the first step.
    var offset: String
    /// The step's kind.
    var kind: String
    /// The HTTP status or step outcome.
    var status: String
    /// Channel and recipient.
    var via: String
    /// One line describing the item.
    var summary: String
    /// Longer preformatted text, if any.
    var detail: String?
    /// The event id.
    var eventID: String
    /// The target's name.
    var target: String
    /// The target's page, when the name is `BUS/RULE/ID`.
    var targetHref: String?

    /// Formats a timeline entry; `start` is the first entry's time (for the `+1.5s` offset).
    init(_ entry: ConsoleTimelineEntry, start: UInt64) {
        time = ConsoleFormat.time(entry.time)
        offset = "+" + ConsoleFormat.duration(Double(entry.time >= start ? entry.time - start : 0) / 1000)
        kind = entry.kind
        status = entry.status ?? ""
        via = [entry.channel, entry.recipient].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " → ")
        summary = entry.summary
        detail = entry.detail
        eventID = entry.eventID ?? ""
        target = entry.target ?? ""
        let isTargetName = entry.target.map { $0.split(separator: "/", omittingEmptySubsequences: false).count == 3 } ?? false
        targetHref = isTargetName ? entry.target.map(ConsoleFormat.targetHref) : nil
    }
}

/// The incidents page.
struct IncidentsPageView {
    /// The incident id.
    var incident: String
    /// An error or notice to show, if any.
    var message: String?
    /// Whether an incident was looked up.
    var hasIncident: Bool
    /// Whether there is at least one row.
    var hasEntries: Bool
    /// The rows of the page.
    var entries: [TimelineRowView]
}
