public import HeraldServer

/// What happened to a verified receipt.
public enum ReceiptOutcome: Sendable, Hashable {
    /// The status advanced the message; the event is durable in the log.
    case ingested(IngestedEvent)
    /// The same receipt (same dedupe id) was processed before: nothing done.
    case duplicate
    /// A late or repeated status that does not advance the recorded one (e.g. `sent` after `delivered`): recorded as
    /// seen, the stored status is unchanged and no event is ingested.
    case notAdvanced

    /// The short name used in responses and logs: `ingested`, `duplicate`, `not_advanced`.
    public var name: String {
        switch self {
        case .ingested: "ingested"
        case .duplicate: "duplicate"
        case .notAdvanced: "not_advanced"
        }
    }
}

/// Why a verified receipt or an overdue check could not be completed (nothing was marked; the sender should retry).
public enum ReceiptProcessingError: Error, Sendable, Equatable {
    /// The store failed.
    case store(ReceiptStoreError)
    /// The ingestor failed or refused the event.
    case ingestFailed(String)
}
