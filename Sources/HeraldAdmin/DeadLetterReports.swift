/// The answer of `GET /admin/dlq`: one page of dead-letter summaries.
public struct DeadLetterList: Codable, Sendable, Equatable {
    /// The entries, by target then sequence.
    public var entries: [DeadLetterSummary]
    /// Pass as `after=` (with the same `target=`) to read the next page; `nil` when there is none.
    public var nextAfter: UInt64?
    /// A listing of every target cut by its limit: more entries exist (page through them one target at a time).
    /// Absent (nil) when not cut.
    public var truncated: Bool?

    /// Creates a value.
    public init(entries: [DeadLetterSummary], nextAfter: UInt64?, truncated: Bool? = nil) {
        self.entries = entries
        self.nextAfter = nextAfter
        self.truncated = truncated
    }
}

/// One dead-letter entry in a listing.
public struct DeadLetterSummary: Codable, Sendable, Equatable {
    /// `BUS/RULE/ID`.
    public var target: String
    /// The event's log sequence (the entry's key within the target).
    public var sequence: UInt64
    /// The event id (empty when the stored event cannot be decoded).
    public var eventID: String
    /// The event's `source`.
    public var source: String
    /// The event's `detail-type`.
    public var detailType: String
    /// Why it was dead-lettered (`permanent`, `retries_exhausted`, `max_age_exceeded`, `skipped`, …).
    public var reason: String
    /// Attempts made, over every redrive.
    public var attempts: Int
    /// HTTP status of the last attempt, if it got a response.
    public var lastStatus: Int?
    /// The last attempt's error text.
    public var lastError: String?
    /// When it was dead-lettered (ISO 8601).
    public var deadLetteredAt: String
    /// How often it was redriven before.
    public var redriveCount: Int

    /// Creates a value.
    public init(
        target: String, sequence: UInt64, eventID: String, source: String, detailType: String, reason: String,
        attempts: Int, lastStatus: Int?, lastError: String?, deadLetteredAt: String, redriveCount: Int
    ) {
        self.target = target
        self.sequence = sequence
        self.eventID = eventID
        self.source = source
        self.detailType = detailType
        self.reason = reason
        self.attempts = attempts
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.deadLetteredAt = deadLetteredAt
        self.redriveCount = redriveCount
    }
}

/// The answer of `GET /admin/dlq/entry`: one entry with its event and every attempt.
public struct DeadLetterDetail: Codable, Sendable, Equatable {
    /// The listing fields.
    public var summary: DeadLetterSummary
    /// The bus the event was put on.
    public var bus: String
    /// The event envelope's JSON text exactly as stored (number literals preserved).
    public var envelope: String
    /// When the first attempt was made (ISO 8601).
    public var firstAttemptAt: String
    /// Every attempt, oldest first.
    public var attempts: [AttemptReport]

    /// Creates a value.
    public init(summary: DeadLetterSummary, bus: String, envelope: String, firstAttemptAt: String, attempts: [AttemptReport]) {
        self.summary = summary
        self.bus = bus
        self.envelope = envelope
        self.firstAttemptAt = firstAttemptAt
        self.attempts = attempts
    }
}

/// One delivery attempt of a dead-lettered event.
public struct AttemptReport: Codable, Sendable, Equatable {
    /// When it was made (ISO 8601).
    public var at: String
    /// The HTTP status, if a response arrived.
    public var statusCode: Int?
    /// The error text (empty on a plain HTTP failure status).
    public var error: String
    /// Request latency in milliseconds.
    public var latencyMilliseconds: Double
    /// The start of the response body (UTF-8, invalid bytes replaced).
    public var responseExcerpt: String

    /// Creates a value.
    public init(at: String, statusCode: Int?, error: String, latencyMilliseconds: Double, responseExcerpt: String) {
        self.at = at
        self.statusCode = statusCode
        self.error = error
        self.latencyMilliseconds = latencyMilliseconds
        self.responseExcerpt = responseExcerpt
    }
}

/// The answer of `POST /admin/dlq/redrive` and `POST /admin/dlq/purge`.
public struct DeadLetterActionResult: Codable, Sendable, Equatable {
    /// Entries that matched the selection.
    public var matched: Int
    /// Entries moved back to the retry queue (redrive only; 0 on a dry run).
    public var redriven: Int?
    /// Entries deleted (purge only; 0 on a dry run).
    public var purged: Int?
    /// Whether nothing was changed.
    public var dryRun: Bool

    /// Creates a value.
    public init(matched: Int, redriven: Int? = nil, purged: Int? = nil, dryRun: Bool) {
        self.matched = matched
        self.redriven = redriven
        self.purged = purged
        self.dryRun = dryRun
    }
}

/// The JSON body of every admin error response.
public struct AdminErrorBody: Codable, Sendable, Equatable {
    /// Machine-readable code (`BadRequest`, `NotFound`, `Unauthorized`, `StorageError`).
    public var error: String
    /// Human-readable explanation.
    public var message: String

    /// Creates a value.
    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}
