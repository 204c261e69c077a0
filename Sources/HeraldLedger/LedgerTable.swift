/// The ledger's row tables, with the columns an exporter copies (everything except the local `row_id`).
public enum LedgerTable: String, Sendable, Hashable, CaseIterable {
    /// The `events` table.
    case events
    /// The `attempts` table.
    case attempts
    /// The `receipts` table.
    case receipts

    /// The column that identifies a row across copies (unique in every copy).
    public var keyColumn: String {
        switch self {
        case .events: return "log_seq"
        case .attempts: return "journal_seq"
        case .receipts: return "receipt_event_id"
        }
    }

    /// The exported columns, in order.
    public var columns: [String] {
        switch self {
        case .events:
            return ["log_seq", "event_id", "bus", "time_ms", "source", "detail_type", "correlation_id", "detail"]
        case .attempts:
            return [
                "journal_seq", "event_id", "rule", "target", "channel", "attempt", "time_ms", "latency_us", "outcome",
                "http_status", "error", "provider", "provider_message_id", "recipient", "correlation_id",
            ]
        case .receipts:
            return [
                "receipt_event_id", "log_seq", "provider", "provider_message_id", "status", "error_code", "recipient",
                "occurred_at_ms", "origin_event_id", "rule", "target", "channel", "correlation_id",
            ]
        }
    }

    /// Columns holding integers (exported as `BIGINT`); the others hold text.
    public var integerColumns: Set<String> {
        switch self {
        case .events: return ["log_seq", "time_ms"]
        case .attempts: return ["journal_seq", "attempt", "time_ms", "latency_us", "http_status"]
        case .receipts: return ["log_seq", "occurred_at_ms"]
        }
    }

    /// Columns that may be `NULL`.
    public var nullableColumns: Set<String> {
        switch self {
        case .events: return ["correlation_id"]
        case .attempts:
            return ["channel", "http_status", "error", "provider", "provider_message_id", "recipient", "correlation_id"]
        case .receipts:
            return ["error_code", "recipient", "origin_event_id", "rule", "target", "channel", "correlation_id"]
        }
    }
}

/// One row read for export: its local insertion-order id and its values in ``LedgerTable/columns`` order.
public struct LedgerExportRow: Sendable, Hashable {
    /// The local `row_id` (strictly increasing in insertion order, never reused).
    public var rowID: Int64
    /// The values, one per exported column.
    public var values: [LedgerValue]

    /// Creates a row.
    public init(rowID: Int64, values: [LedgerValue]) {
        self.rowID = rowID
        self.values = values
    }
}
