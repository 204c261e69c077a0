/// One event of the live view.
struct EventRowView {
    var sequence: String
    var ingestedAt: String
    var bus: String
    var source: String
    var detailType: String
    var eventID: String
    var envelope: String
}

/// The live events page.
struct EventsPageView {
    var pattern: String
    var limit: String
    var maxLimit: String
    var refresh: String
    var message: String?
    var summary: String
    var rows: [EventRowView]
}

/// One step of an incident timeline.
struct TimelineRowView {
    var time: String
    var kind: String
    var summary: String
    var detail: String?
    var eventID: String
    var target: String
    var targetHref: String?

    /// Formats a timeline entry.
    init(_ entry: ConsoleTimelineEntry) {
        time = ConsoleFormat.time(entry.time)
        kind = entry.kind
        summary = entry.summary
        detail = entry.detail
        eventID = entry.eventID ?? ""
        target = entry.target ?? ""
        targetHref = entry.target.map(ConsoleFormat.targetHref)
    }
}

/// The incidents page.
struct IncidentsPageView {
    var incident: String
    var message: String?
    var hasIncident: Bool
    var hasEntries: Bool
    var entries: [TimelineRowView]
}
