/// The outcome of one dispatch attempt, as stored in `attempts.outcome`.
public enum LedgerOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    /// The target accepted the request (2xx).
    case delivered
    /// The attempt failed and another attempt is scheduled.
    case failedRetrying = "failed_retrying"
    /// The attempt failed for good; the event moved to the dead-letter queue.
    case deadLettered = "dead_lettered"
}
