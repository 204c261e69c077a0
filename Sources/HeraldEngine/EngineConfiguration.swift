public import HeraldDelivery

/// Settings of the delivery engine.
public struct EngineConfiguration: Sendable {
    /// The default concurrency of a target: at most this many of its fresh requests are outstanding (and as many
    /// retries beside them). `HeraldParameters.MaxConcurrency` overrides it per target.
    public var inFlightWindow: Int
    /// How many windows of matching events may lie past a target's durable cursor (in flight, or finished and
    /// waiting for their cursor commit): the bound on what a crash makes Herald send again is
    /// `inFlightWindow × uncommittedWindows` per target (256 by default).
    public var uncommittedWindows: Int
    /// The request timeout used when a target does not set one.
    public var requestTimeout: Duration
    /// The backoff between retries (EventBridge-like exponential backoff with full jitter by default).
    public var backoff: Backoff
    /// The `User-Agent` header Herald sends.
    public var userAgent: String
    /// Largest number of due retries fetched from storage per scan.
    public var retryScanLimit: Int
    /// Longest the retry dispatcher sleeps before looking at the retry queue again.
    public var retryIdleInterval: Duration
    /// Write one ``DeliveryOutcomeRecord`` per attempt to the storage journal (for the delivery ledger).
    public var journalOutcomes: Bool
    /// Herald's public base URL (`webhooks.public_base_url`): Twilio channel presets ask for status callbacks at
    /// `<publicBaseURL>/webhooks/twilio`; nil: no callback is requested.
    public var publicBaseURL: String?
    /// The callback query parameter carrying the correlation id (`webhooks.twilio.correlation_parameter`).
    public var twilioCorrelationParameter: String

    public init(
        inFlightWindow: Int = 64, requestTimeout: Duration = .seconds(5), backoff: Backoff = Backoff(),
        userAgent: String = "Herald/0.1", retryScanLimit: Int = 1_000, retryIdleInterval: Duration = .seconds(1),
        journalOutcomes: Bool = false, publicBaseURL: String? = nil, twilioCorrelationParameter: String = "cid",
        uncommittedWindows: Int = 4
    ) {
        self.uncommittedWindows = max(1, uncommittedWindows)
        self.journalOutcomes = journalOutcomes
        self.publicBaseURL = publicBaseURL
        self.twilioCorrelationParameter = twilioCorrelationParameter
        self.inFlightWindow = max(1, inFlightWindow)
        self.requestTimeout = requestTimeout
        self.backoff = backoff
        self.userAgent = userAgent
        self.retryScanLimit = max(1, retryScanLimit)
        self.retryIdleInterval = retryIdleInterval
    }
}
