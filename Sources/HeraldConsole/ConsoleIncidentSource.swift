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
    /// What kind of step it is (`event`, `send`, `receipt`, `escalation`, …), shown as a label.
    public var kind: String
    /// The step's outcome (`ingested`, `sent`, `failed`, `dead_lettered`, a receipt status, …), if any.
    public var status: String?
    /// The notification channel (`sms`, `email`, …) of a send or receipt, if any.
    public var channel: String?
    /// The recipient of a send or receipt, if any.
    public var recipient: String?
    /// One line describing the step.
    public var summary: String
    /// Longer text (a response excerpt, an error, a JSON document), shown preformatted; `nil` for none.
    public var detail: String?
    /// The event id involved, if any.
    public var eventID: String?
    /// The target involved, if any; a `BUS/RULE/ID` name links to its target page, anything else is shown as text.
    public var target: String?

    /// Creates an entry.
    public init(
        time: UInt64, kind: String, summary: String, status: String? = nil, channel: String? = nil,
        recipient: String? = nil, detail: String? = nil, eventID: String? = nil, target: String? = nil
    ) {
        self.time = time
        self.kind = kind
        self.status = status
        self.channel = channel
        self.recipient = recipient
        self.summary = summary
        self.detail = detail
        self.eventID = eventID
        self.target = target
    }
}
