/// The ledger's SQLite schema, one migration per version. `Docs/ledger.md` describes every table and column.
///
/// Times are stored as integer milliseconds since the Unix epoch (`*_ms` columns); the `alert_events` view adds
/// ISO-8601 UTC text (`YYYY-MM-DDTHH:MM:SS.sssZ`) so that `timestamp <= :escalation_time` compares correctly.
/// Every table has an `AUTOINCREMENT` `row_id` recording insertion order; the PostgreSQL export uses it as its
/// high-water mark. Natural keys (`log_seq`, `journal_seq`, `receipt_event_id`) are `UNIQUE`, so re-applied rows
/// are ignored.
enum LedgerSchema {
    /// The schema version this build writes into `PRAGMA user_version`.
    static let currentVersion = 2

    /// ISO-8601 UTC text with milliseconds for an integer millisecond column.
    static func iso(_ column: String) -> String {
        "strftime('%Y-%m-%dT%H:%M:%fZ', \(column) / 1000.0, 'unixepoch')"
    }

    /// Version 1: the three row tables, the cursor table, their indexes and the `alert_events` view.
    static let version1: [String] = [
        """
        CREATE TABLE events (
            row_id INTEGER PRIMARY KEY AUTOINCREMENT,
            log_seq INTEGER NOT NULL UNIQUE,
            event_id TEXT NOT NULL,
            bus TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            source TEXT NOT NULL,
            detail_type TEXT NOT NULL,
            correlation_id TEXT,
            detail TEXT NOT NULL
        )
        """,
        "CREATE INDEX events_event_id ON events(event_id)",
        "CREATE INDEX events_correlation_id ON events(correlation_id) WHERE correlation_id IS NOT NULL",
        "CREATE INDEX events_time ON events(time_ms)",
        """
        CREATE TABLE attempts (
            row_id INTEGER PRIMARY KEY AUTOINCREMENT,
            journal_seq INTEGER NOT NULL UNIQUE,
            event_id TEXT NOT NULL,
            rule TEXT NOT NULL,
            target TEXT NOT NULL,
            channel TEXT,
            attempt INTEGER NOT NULL,
            time_ms INTEGER NOT NULL,
            latency_us INTEGER NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed_retrying', 'dead_lettered')),
            http_status INTEGER,
            error TEXT,
            provider TEXT,
            provider_message_id TEXT,
            recipient TEXT,
            correlation_id TEXT
        )
        """,
        "CREATE INDEX attempts_event_id ON attempts(event_id)",
        "CREATE INDEX attempts_correlation_id ON attempts(correlation_id) WHERE correlation_id IS NOT NULL",
        """
        CREATE INDEX attempts_provider_message ON attempts(provider, provider_message_id)
            WHERE provider_message_id IS NOT NULL
        """,
        "CREATE INDEX attempts_time ON attempts(time_ms)",
        "CREATE INDEX attempts_target_time ON attempts(target, time_ms)",
        """
        CREATE TABLE receipts (
            row_id INTEGER PRIMARY KEY AUTOINCREMENT,
            receipt_event_id TEXT NOT NULL UNIQUE,
            log_seq INTEGER NOT NULL,
            provider TEXT NOT NULL,
            provider_message_id TEXT NOT NULL,
            status TEXT NOT NULL,
            error_code TEXT,
            recipient TEXT,
            occurred_at_ms INTEGER NOT NULL,
            origin_event_id TEXT,
            rule TEXT,
            target TEXT,
            channel TEXT,
            correlation_id TEXT
        )
        """,
        "CREATE INDEX receipts_provider_message ON receipts(provider, provider_message_id)",
        "CREATE INDEX receipts_correlation_id ON receipts(correlation_id) WHERE correlation_id IS NOT NULL",
        "CREATE INDEX receipts_origin_event_id ON receipts(origin_event_id) WHERE origin_event_id IS NOT NULL",
        "CREATE INDEX receipts_occurred_at ON receipts(occurred_at_ms)",
        """
        CREATE TABLE ledger_cursors (
            name TEXT PRIMARY KEY NOT NULL,
            position INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE ledger_meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) WITHOUT ROWID
        """,
        "INSERT INTO ledger_meta (key, value) VALUES ('instance_id', lower(hex(randomblob(16))))",
        alertEventsView(textIncident: false),
    ]

    /// Version 2: `alert_events.incident_id` has TEXT affinity (`CAST(… AS TEXT)`), so a parameter bound as a
    /// number (`herald query --param incident=42`) compares as the text `'42'` the correlation ids are stored as; in
    /// version 1 the column had no affinity and `incident_id = 42` matched nothing.
    static let version2: [String] = [
        "DROP VIEW alert_events",
        alertEventsView(textIncident: true),
    ]

    /// The `alert_events` view: one row per dispatch attempt (`kind = 'send'`) and per receipt
    /// (`kind = 'receipt'`). See `Docs/ledger.md` for the status mapping and the correlation fallbacks.
    static func alertEventsView(textIncident: Bool) -> String {
        let (open, close) = textIncident ? ("CAST(", " AS TEXT)") : ("", "")
        return """
        CREATE VIEW alert_events AS
        SELECT
            \(open)COALESCE(a.correlation_id,
                (SELECT e.correlation_id FROM events e WHERE e.event_id = a.event_id
                 ORDER BY e.log_seq LIMIT 1))\(close) AS incident_id,
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
        FROM attempts a
        UNION ALL
        SELECT
            \(open)COALESCE(r.correlation_id,
                (SELECT e.correlation_id FROM events e WHERE e.event_id = r.origin_event_id
                 ORDER BY e.log_seq LIMIT 1),
                s.correlation_id,
                (SELECT e.correlation_id FROM events e WHERE e.event_id = s.event_id
                 ORDER BY e.log_seq LIMIT 1))\(close) AS incident_id,
            COALESCE(r.channel, s.channel) AS channel,
            r.status AS status,
            \(iso("r.occurred_at_ms")) AS timestamp,
            COALESCE(r.recipient, s.recipient) AS recipient,
            COALESCE(r.origin_event_id, s.event_id) AS origin_event_id,
            COALESCE(r.target, s.target) AS target,
            'receipt' AS kind,
            r.occurred_at_ms AS time_ms,
            r.provider AS provider,
            r.provider_message_id AS provider_message_id,
            COALESCE(r.rule, s.rule) AS rule,
            s.attempt AS attempt,
            NULL AS http_status,
            r.error_code AS error
        FROM receipts r
        LEFT JOIN attempts s ON s.row_id = (
            SELECT a2.row_id FROM attempts a2
            WHERE a2.provider = r.provider AND a2.provider_message_id = r.provider_message_id
            ORDER BY a2.row_id LIMIT 1)
        """
    }
}
