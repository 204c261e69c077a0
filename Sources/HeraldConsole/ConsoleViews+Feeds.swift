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
    var offset: String
    var kind: String
    var status: String
    var via: String
    var summary: String
    var detail: String?
    var eventID: String
    var target: String
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
    var incident: String
    var message: String?
    var hasIncident: Bool
    var hasEntries: Bool
    var entries: [TimelineRowView]
}
