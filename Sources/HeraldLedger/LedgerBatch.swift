/// A unit of work for ``LedgerStore/apply(_:)``: rows plus the feeder cursors that cover them, written in
/// one SQLite transaction so a crash keeps both or neither.
public struct LedgerBatch: Sendable, Hashable {
    /// Event rows (idempotent on `logSequence`).
    public var events: [LedgerEvent]
    /// Attempt rows (idempotent on `journalSequence`).
    public var attempts: [LedgerAttempt]
    /// Receipt rows (idempotent on `receiptEventID`).
    public var receipts: [LedgerReceipt]
    /// Named feeder positions to store with the rows (for example `"log"` and `"journal"`).
    public var cursors: [String: UInt64]

    /// Creates a batch; every part defaults to empty.
    public init(
        events: [LedgerEvent] = [], attempts: [LedgerAttempt] = [], receipts: [LedgerReceipt] = [],
        cursors: [String: UInt64] = [:]
    ) {
        self.events = events
        self.attempts = attempts
        self.receipts = receipts
        self.cursors = cursors
    }

    /// `true` when the batch holds no rows and no cursors.
    public var isEmpty: Bool {
        events.isEmpty && attempts.isEmpty && receipts.isEmpty && cursors.isEmpty
    }
}
