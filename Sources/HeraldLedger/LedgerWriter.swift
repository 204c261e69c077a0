import GRDB

/// Writes a ``LedgerBatch`` inside an open transaction (the caller owns the transaction).
enum LedgerWriter {
    /// Inserts an event unless its `log_seq` exists.
    static let insertEvent = """
        INSERT OR IGNORE INTO events
            (log_seq, event_id, bus, time_ms, source, detail_type, correlation_id, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Inserts an attempt unless its `journal_seq` exists.
    static let insertAttempt = """
        INSERT OR IGNORE INTO attempts
            (journal_seq, event_id, rule, target, channel, attempt, time_ms, latency_us, outcome, http_status,
             error, provider, provider_message_id, recipient, correlation_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Inserts a receipt unless its `receipt_event_id` exists.
    static let insertReceipt = """
        INSERT OR IGNORE INTO receipts
            (receipt_event_id, log_seq, provider, provider_message_id, status, error_code, recipient,
             occurred_at_ms, origin_event_id, rule, target, channel, correlation_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Creates or moves a named cursor.
    static let upsertCursor = """
        INSERT INTO ledger_cursors (name, position) VALUES (?, ?)
        ON CONFLICT(name) DO UPDATE SET position = excluded.position
        """

    /// Inserts every row (ignoring existing keys) and upserts every cursor.
    static func write(_ batch: LedgerBatch, in db: Database) throws {
        if !batch.events.isEmpty {
            let statement = try db.cachedStatement(sql: insertEvent)
            for event in batch.events {
                try statement.execute(arguments: [
                    try signed(event.logSequence, "events.log_seq"), event.eventID, event.bus,
                    event.timeMilliseconds, event.source, event.detailType, event.correlationID, event.detail,
                ])
            }
        }
        if !batch.attempts.isEmpty {
            let statement = try db.cachedStatement(sql: insertAttempt)
            for attempt in batch.attempts {
                try statement.execute(arguments: [
                    try signed(attempt.journalSequence, "attempts.journal_seq"), attempt.eventID, attempt.rule,
                    attempt.target, attempt.channel, attempt.attempt, attempt.timeMilliseconds,
                    attempt.latencyMicroseconds, attempt.outcome.rawValue, attempt.httpStatus, attempt.error,
                    attempt.provider, attempt.providerMessageID, attempt.recipient, attempt.correlationID,
                ])
            }
        }
        if !batch.receipts.isEmpty {
            let statement = try db.cachedStatement(sql: insertReceipt)
            for receipt in batch.receipts {
                try statement.execute(arguments: [
                    receipt.receiptEventID, try signed(receipt.logSequence, "receipts.log_seq"), receipt.provider,
                    receipt.providerMessageID, receipt.status, receipt.errorCode, receipt.recipient,
                    receipt.occurredAtMilliseconds, receipt.originEventID, receipt.rule, receipt.target,
                    receipt.channel, receipt.correlationID,
                ])
            }
        }
        if !batch.cursors.isEmpty {
            let statement = try db.cachedStatement(sql: upsertCursor)
            for (name, position) in batch.cursors.sorted(by: { $0.key < $1.key }) {
                try statement.execute(arguments: [name, try signed(position, "cursor \(name)")])
            }
        }
    }

    /// `value` as `Int64`, or ``LedgerError/valueOutOfRange(field:value:)``.
    static func signed(_ value: UInt64, _ field: String) throws(LedgerError) -> Int64 {
        guard let result = Int64(exactly: value) else { throw .valueOutOfRange(field: field, value: value) }
        return result
    }
}
