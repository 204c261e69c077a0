import HeraldLedger

/// The PostgreSQL side of the export: `herald_`-prefixed copies of the ledger tables, the export state table and
/// the `herald_alert_events` view (same columns and meaning as SQLite's `alert_events`).
enum PostgresSchema {
    /// The PostgreSQL table for a ledger table (`herald_` prefix).
    static func tableName(_ table: LedgerTable) -> String { "herald_\(table.rawValue)" }

    /// `CREATE TABLE IF NOT EXISTS` with BIGINT/TEXT columns and the natural key as primary key.
    static func createTable(_ table: LedgerTable) -> String {
        let columns = table.columns.map { column in
            let type = table.integerColumns.contains(column) ? "BIGINT" : "TEXT"
            let key = column == table.keyColumn ? " PRIMARY KEY" : ""
            let null = table.nullableColumns.contains(column) || !key.isEmpty ? "" : " NOT NULL"
            return "\(column) \(type)\(key)\(null)"
        }
        return "CREATE TABLE IF NOT EXISTS \(tableName(table)) (\(columns.joined(separator: ", ")))"
    }

    /// Every DDL statement, idempotent, in order.
    static let statements: [String] =
        LedgerTable.allCases.map(createTable) + [
            """
            CREATE TABLE IF NOT EXISTS herald_export_state (
                ledger_id TEXT NOT NULL, table_name TEXT NOT NULL, high_water BIGINT NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (ledger_id, table_name))
            """,
            "CREATE INDEX IF NOT EXISTS herald_events_event_id ON herald_events (event_id)",
            "CREATE INDEX IF NOT EXISTS herald_events_correlation_id ON herald_events (correlation_id)",
            "CREATE INDEX IF NOT EXISTS herald_events_time ON herald_events (time_ms)",
            "CREATE INDEX IF NOT EXISTS herald_attempts_event_id ON herald_attempts (event_id)",
            "CREATE INDEX IF NOT EXISTS herald_attempts_correlation_id ON herald_attempts (correlation_id)",
            """
            CREATE INDEX IF NOT EXISTS herald_attempts_provider_message
                ON herald_attempts (provider, provider_message_id)
            """,
            "CREATE INDEX IF NOT EXISTS herald_attempts_target_time ON herald_attempts (target, time_ms)",
            """
            CREATE INDEX IF NOT EXISTS herald_receipts_provider_message
                ON herald_receipts (provider, provider_message_id)
            """,
            "CREATE INDEX IF NOT EXISTS herald_receipts_correlation_id ON herald_receipts (correlation_id)",
            "CREATE INDEX IF NOT EXISTS herald_receipts_occurred_at ON herald_receipts (occurred_at_ms)",
            alertEventsView,
        ]

    /// ISO-8601 UTC text with milliseconds for a millisecond column, as in SQLite.
    static func iso(_ column: String) -> String {
        "to_char(to_timestamp(\(column) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    }

    /// The `herald_alert_events` view (see `Docs/ledger.md`).
    static let alertEventsView = """
        CREATE OR REPLACE VIEW herald_alert_events AS
        SELECT
            COALESCE(a.correlation_id,
                (SELECT e.correlation_id FROM herald_events e WHERE e.event_id = a.event_id
                 ORDER BY e.log_seq LIMIT 1)) AS incident_id,
            a.channel AS channel,
            CASE a.outcome WHEN 'delivered' THEN 'sent' WHEN 'dead_lettered' THEN 'dead_lettered'
                ELSE 'failed' END AS status,
            \(iso("a.time_ms")) AS timestamp,
            a.recipient AS recipient,
            a.event_id AS origin_event_id,
            a.target AS target,
            'send' AS kind,
            a.time_ms AS time_ms,
            a.provider AS provider,
            a.provider_message_id AS provider_message_id,
            a.rule AS rule,
            a.attempt AS attempt,
            a.http_status AS http_status,
            a.error AS error
        FROM herald_attempts a
        UNION ALL
        SELECT
            COALESCE(r.correlation_id,
                (SELECT e.correlation_id FROM herald_events e WHERE e.event_id = r.origin_event_id
                 ORDER BY e.log_seq LIMIT 1),
                s.correlation_id,
                (SELECT e.correlation_id FROM herald_events e WHERE e.event_id = s.event_id
                 ORDER BY e.log_seq LIMIT 1)),
            COALESCE(r.channel, s.channel),
            r.status,
            \(iso("r.occurred_at_ms")),
            COALESCE(r.recipient, s.recipient),
            COALESCE(r.origin_event_id, s.event_id),
            COALESCE(r.target, s.target),
            'receipt',
            r.occurred_at_ms,
            r.provider,
            r.provider_message_id,
            COALESCE(r.rule, s.rule),
            s.attempt,
            NULL::BIGINT,
            r.error_code
        FROM herald_receipts r
        LEFT JOIN LATERAL (
            SELECT a2.* FROM herald_attempts a2
            WHERE a2.provider = r.provider AND a2.provider_message_id = r.provider_message_id
            ORDER BY a2.journal_seq LIMIT 1) s ON TRUE
        """
}
