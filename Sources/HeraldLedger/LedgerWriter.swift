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
        // Events and attempts are most of what the ledger writes (a row per event, a row per delivery attempt):
        // bound straight through SQLite's C API (see ``RawInsert``). Column order as in the SQL above.
        if !batch.events.isEmpty {
            var insert = RawInsert(try db.cachedStatement(sql: insertEvent))
            for event in batch.events {
                insert.bind(try signed(event.logSequence, "events.log_seq"))
                insert.bind(event.eventID)
                insert.bind(event.bus)
                insert.bind(event.timeMilliseconds)
                insert.bind(event.source)
                insert.bind(event.detailType)
                insert.bind(event.correlationID)
                insert.bind(event.detail)
                try insert.step()
            }
        }
        if !batch.attempts.isEmpty {
            var insert = RawInsert(try db.cachedStatement(sql: insertAttempt))
            for attempt in batch.attempts {
                insert.bind(try signed(attempt.journalSequence, "attempts.journal_seq"))
                insert.bind(attempt.eventID)
                insert.bind(attempt.rule)
                insert.bind(attempt.target)
                insert.bind(attempt.channel)
                insert.bind(attempt.attempt)
                insert.bind(attempt.timeMilliseconds)
                insert.bind(attempt.latencyMicroseconds)
                insert.bind(attempt.outcome.rawValue)
                insert.bind(attempt.httpStatus)
                insert.bind(attempt.error)
                insert.bind(attempt.provider)
                insert.bind(attempt.providerMessageID)
                insert.bind(attempt.recipient)
                insert.bind(attempt.correlationID)
                try insert.step()
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
