/// Where the console reads incident timelines from (the delivery ledger in `herald serve`).
///
/// The console only renders what the source returns, in the order returned; an empty array means the incident is
/// unknown or has no recorded steps.
public protocol ConsoleIncidentSource: Sendable {
    /// The recorded steps of `incident`, oldest first.
    /// - Throws: Any error; the console shows its description on the incident page with HTTP 500.
    func timeline(incident: String) async throws -> [ConsoleTimelineEntry]
}

/// One step of an incident's timeline (an event arriving, a dispatch, a provider receipt, an escalation, …).
public struct ConsoleTimelineEntry: Sendable, Equatable {
    /// When it happened, milliseconds since the Unix epoch.
    public var time: UInt64
    /// What kind of step it is (`event`, `dispatch`, `receipt`, `escalation`, …), shown as a label.
    public var kind: String
    /// One line describing the step.
    public var summary: String
    /// Longer text (a response excerpt, an error, a JSON document), shown preformatted; `nil` for none.
    public var detail: String?
    /// The event id involved, if any.
    public var eventID: String?
    /// The target involved (`BUS/RULE/ID`), if any; the console links it to the target page.
    public var target: String?

    /// Creates an entry.
    public init(
        time: UInt64, kind: String, summary: String, detail: String? = nil, eventID: String? = nil, target: String? = nil
    ) {
        self.time = time
        self.kind = kind
        self.summary = summary
        self.detail = detail
        self.eventID = eventID
        self.target = target
    }
}
