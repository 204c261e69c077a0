import HeraldStorage

/// Which dead-letter entries `GET /admin/dlq` lists.
public struct DeadLetterQuery: Sendable, Equatable {
    /// `BUS/RULE/ID`, or `nil` for every target.
    public var target: String?
    /// Only entries dead-lettered at or after this time (milliseconds since the epoch).
    public var since: UInt64?
    /// Only entries with this reason (compared case-insensitively).
    public var reason: String?
    /// At most this many entries (1...1000).
    public var limit: Int
    /// Only entries after this sequence (paging; requires `target`).
    public var after: UInt64?

    /// The largest page.
    public static let maxLimit = 1000

    /// The reasons the delivery engine gives an entry: a response no retry can fix or a request that cannot be built
    /// (`permanent`), the retry policy's attempts or the event's age used up (`retries_exhausted`,
    /// `max_age_exceeded`), an operator's `target skip` (`skipped`), a stored event that cannot be read
    /// (`undecodable`).
    public static let reasons = ["permanent", "retries_exhausted", "max_age_exceeded", "skipped", "undecodable"]
    /// The storage layer's named reasons (lowercased), which entries written by other tools may carry.
    static let storageReasons: [String] = [DeadLetterReason]([
        .maximumRetryAttemptsExceeded, .maximumEventAgeExceeded, .nonRetryableResponse, .invalidRequest,
    ]).map { $0.rawValue.lowercased() }

    /// Creates a query.
    public init(target: String? = nil, since: UInt64? = nil, reason: String? = nil, limit: Int = 100, after: UInt64? = nil) {
        self.target = target
        self.since = since
        self.reason = reason
        self.limit = limit
        self.after = after
    }
}

/// What `POST /admin/dlq/redrive` and `POST /admin/dlq/purge` act on: a target's entries, narrowed by sequences
/// and/or an event pattern.
public struct DeadLetterAction: Sendable, Equatable {
    /// `BUS/RULE/ID`.
    public var target: String
    /// Only these sequences (`nil` = every entry).
    public var sequences: [UInt64]?
    /// Only entries whose event matches this EventBridge pattern (JSON text).
    public var filter: String?
    /// Count the matching entries but change nothing.
    public var dryRun: Bool

    /// Creates an action.
    public init(target: String, sequences: [UInt64]? = nil, filter: String? = nil, dryRun: Bool = false) {
        self.target = target
        self.sequences = sequences
        self.filter = filter
        self.dryRun = dryRun
    }
}
