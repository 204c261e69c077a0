public import HeraldDelivery

/// Settings of the delivery engine.
public struct EngineConfiguration: Sendable {
    /// Events read from the log per batch, and the in-flight window per target: at most this many requests of one
    /// target are outstanding, and at most this many events are re-sent after a crash.
    public var inFlightWindow: Int
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
        journalOutcomes: Bool = false, publicBaseURL: String? = nil, twilioCorrelationParameter: String = "cid"
    ) {
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
