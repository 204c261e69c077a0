/// One change to a consumer's durable state. A list of them is applied in ONE write transaction by
/// `ConsumerStore.apply(_:for:)`, so a cursor advance, the retries it schedules and the dead letters it
/// records never tear.
public enum ConsumerStateChange: Sendable, Hashable {
    /// Move the cursor forward to `sequence` (the next sequence to consider); never moves it back.
    case advanceCursor(to: UInt64)
    /// Set the cursor to `sequence`, forwards or backwards (admin rewind / seek).
    case setCursor(UInt64)
    /// Record a failed attempt and (re)schedule the event for `dueTime`. Creates the retry entry on the
    /// first failure (first-attempt time = `attempt.time`), otherwise appends to its history and moves it.
    /// A new entry must reference an event still in the log (else `.invalidArgument`).
    case retry(sequence: UInt64, attempt: FailureAttempt, dueTime: UInt64)
    /// Record another failed attempt of an event taken from the retry queue and move it to `dueTime`, like
    /// ``retry(sequence:attempt:dueTime:)``, but only while its entry still exists: an entry an operator skipped or
    /// purged while its attempt was in flight is not brought back.
    case rescheduleRetry(sequence: UInt64, attempt: FailureAttempt, dueTime: UInt64)
    /// The event was delivered (or must be dropped): remove its retry entry, if any.
    case completeRetry(sequence: UInt64)
    /// Give up on the event: move it to the dead-letter queue with a copy of its bytes and its full
    /// history (plus `attempt`, if given). Taken from the retry queue if it is there, else from the log.
    /// If the event is already in the DLQ (dead-lettered again after a cursor rewind), its earlier history
    /// is kept in front of the new one.
    case deadLetter(sequence: UInt64, attempt: FailureAttempt?, reason: DeadLetterReason)
    /// Append `record` to the delivery-outcome journal (``OutcomeJournal``), in the same transaction as the
    /// outcome it describes, so a reader of the journal (the ledger) sees exactly the outcomes that were committed.
    case journal([UInt8])
    /// Park the event in the retry queue, not yet due (``RetryEntry/heldDueTime``), with no attempt: a target
    /// with per-group ordering holds an event there while an earlier event of its group is failing, so the hold
    /// survives restarts. No-op when the event already has a retry entry.
    case hold(sequence: UInt64)
    /// Make a held (or scheduled) retry entry due at `dueTime`, keeping its history. No-op when it has no entry.
    case release(sequence: UInt64, dueTime: UInt64)
}

/// Which dead-letter entries of a consumer an operation applies to.
public enum DeadLetterSelection: Sendable, Hashable {
    /// Every entry.
    case all
    /// Entries whose sequence is in the range.
    case range(ClosedRange<UInt64>)
    /// Exactly these sequences (missing ones are ignored).
    case sequences([UInt64])
}

/// Size and next due time of one consumer's retry queue.
public struct RetryQueueStats: Sendable, Hashable {
    /// Number of entries waiting (held ones included).
    public let count: Int
    /// The earliest due time (ms since the epoch), or `nil` when no entry is scheduled (empty, or only held ones).
    public let nextDueTime: UInt64?
    /// Entries held behind an earlier event of their ordering group (not scheduled; see ``RetryEntry/heldDueTime``).
    public let held: Int

    /// Creates a value.
    public init(count: Int, nextDueTime: UInt64?, held: Int = 0) {
        self.count = count
        self.nextDueTime = nextDueTime
        self.held = held
    }
}
