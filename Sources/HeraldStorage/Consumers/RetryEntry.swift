/// An event waiting in a consumer's retry queue.
public struct RetryEntry: Sendable, Hashable {
    /// The due time of a *held* entry: an event of a per-group-ordered target waiting behind an earlier event of
    /// its group. It sorts after every real due time, so it is never due; the worker releases it
    /// (``ConsumerStateChange/release(sequence:dueTime:)``) when its group's head is done.
    public static let heldDueTime = UInt64.max

    /// Whether the entry is held (see ``heldDueTime``).
    public var isHeld: Bool { dueTime == Self.heldDueTime }

    /// The consumer that must deliver it.
    public let consumer: ConsumerID
    /// The event's log sequence.
    public let sequence: UInt64
    /// When it is due, in milliseconds since the Unix epoch.
    public let dueTime: UInt64
    /// When it was first attempted, in milliseconds since the Unix epoch.
    public let firstAttemptTime: UInt64
    /// Total attempts so far (including attempts before any redrive).
    public let attemptCount: UInt32
    /// `attemptCount` at the last redrive from the dead-letter queue (0 if never redriven); the retry
    /// budget of the current round is `attemptCount - attemptsAtRedrive`.
    public let attemptsAtRedrive: UInt32
    /// How many times the event was redriven from the dead-letter queue.
    public let redriveCount: UInt32
    /// Every failed attempt, oldest first.
    public let attempts: [FailureAttempt]
    /// A copy of the event when it no longer lives in the log (set on redrive from the DLQ); `nil` means
    /// "read sequence `sequence` from the log".
    public let embeddedEvent: LogRecord?

    /// The last attempt's error text (or `"HTTP <status>"`), if any attempt was recorded.
    public var lastError: String? {
        guard let last = attempts.last else { return nil }
        if !last.error.isEmpty { return last.error }
        return last.statusCode.map { "HTTP \($0)" }
    }

    /// Attempts made since the last redrive.
    public var attemptsThisRound: UInt32 { attemptCount - min(attemptCount, attemptsAtRedrive) }

    /// Creates an entry.
    public init(
        consumer: ConsumerID, sequence: UInt64, dueTime: UInt64, firstAttemptTime: UInt64, attemptCount: UInt32,
        attemptsAtRedrive: UInt32 = 0, redriveCount: UInt32 = 0, attempts: [FailureAttempt], embeddedEvent: LogRecord? = nil
    ) {
        self.consumer = consumer
        self.sequence = sequence
        self.dueTime = dueTime
        self.firstAttemptTime = firstAttemptTime
        self.attemptCount = attemptCount
        self.attemptsAtRedrive = attemptsAtRedrive
        self.redriveCount = redriveCount
        self.attempts = attempts
        self.embeddedEvent = embeddedEvent
    }
}

/// A dead-lettered event: a full copy of it plus its failure history.
public struct DeadLetterEntry: Sendable, Hashable {
    /// The consumer that failed to deliver it.
    public let consumer: ConsumerID
    /// The event's log sequence (the event itself may since have been compacted from the log).
    public let sequence: UInt64
    /// The event: ingest time and payload bytes, copied from the log.
    public let event: LogRecord
    /// Why it was dead-lettered.
    public let reason: DeadLetterReason
    /// When it was dead-lettered, in milliseconds since the Unix epoch.
    public let deadLetteredAt: UInt64
    /// When it was first attempted, in milliseconds since the Unix epoch.
    public let firstAttemptTime: UInt64
    /// Total attempts made.
    public let attemptCount: UInt32
    /// How many times it was redriven before.
    public let redriveCount: UInt32
    /// Every failed attempt, oldest first.
    public let attempts: [FailureAttempt]

    /// Creates an entry.
    public init(
        consumer: ConsumerID, sequence: UInt64, event: LogRecord, reason: DeadLetterReason, deadLetteredAt: UInt64,
        firstAttemptTime: UInt64, attemptCount: UInt32, redriveCount: UInt32, attempts: [FailureAttempt]
    ) {
        self.consumer = consumer
        self.sequence = sequence
        self.event = event
        self.reason = reason
        self.deadLetteredAt = deadLetteredAt
        self.firstAttemptTime = firstAttemptTime
        self.attemptCount = attemptCount
        self.redriveCount = redriveCount
        self.attempts = attempts
    }

    /// The last attempt's HTTP status, if any.
    public var lastStatusCode: UInt16? { attempts.last?.statusCode }
}
