/// One dispatch attempt from Herald's delivery journal, as stored in the `attempts` table.
public struct LedgerAttempt: Sendable, Hashable {
    /// The journal sequence of the outcome record (unique key of the row).
    public var journalSequence: UInt64
    /// The id of the event that was dispatched.
    public var eventID: String
    /// The rule that matched the event.
    public var rule: String
    /// The target id within the rule.
    public var target: String
    /// The notification channel (`sms`, `whatsapp`, `email`, …), if the target is one.
    public var channel: String?
    /// The attempt number, starting at 1.
    public var attempt: Int
    /// When the attempt finished, in milliseconds since the Unix epoch.
    public var timeMilliseconds: Int64
    /// How long the request took, in microseconds.
    public var latencyMicroseconds: Int64
    /// The outcome of the attempt.
    public var outcome: LedgerOutcome
    /// The HTTP status code, if a response arrived.
    public var httpStatus: Int?
    /// The error text for failed attempts.
    public var error: String?
    /// The provider (`twilio`, `resend`, …), if the target is a provider API.
    public var provider: String?
    /// The provider's message id (Twilio `sid`, Resend `id`), used to correlate receipts.
    public var providerMessageID: String?
    /// The recipient (phone number, e-mail address, chat id).
    public var recipient: String?
    /// The incident / correlation id, if known at dispatch time.
    public var correlationID: String?

    /// Creates an attempt row.
    public init(
        journalSequence: UInt64, eventID: String, rule: String, target: String, channel: String? = nil,
        attempt: Int, timeMilliseconds: Int64, latencyMicroseconds: Int64, outcome: LedgerOutcome,
        httpStatus: Int? = nil, error: String? = nil, provider: String? = nil, providerMessageID: String? = nil,
        recipient: String? = nil, correlationID: String? = nil
    ) {
        self.journalSequence = journalSequence
        self.eventID = eventID
        self.rule = rule
        self.target = target
        self.channel = channel
        self.attempt = attempt
        self.timeMilliseconds = timeMilliseconds
        self.latencyMicroseconds = latencyMicroseconds
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.error = error
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.recipient = recipient
        self.correlationID = correlationID
    }
}
