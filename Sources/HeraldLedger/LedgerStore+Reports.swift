import GRDB

extension LedgerStore {
    /// Events carrying the incident id plus its sends and receipts from `alert_events`, in time order.
    static let timelineSQL = """
        SELECT time_ms, kind, channel, recipient, status, target, detail FROM (
            SELECT e.time_ms AS time_ms, 'event' AS kind, NULL AS channel, NULL AS recipient,
                'ingested' AS status, NULL AS target,
                e.source || ' ' || e.detail_type || ' (event ' || e.event_id || ')' AS detail,
                0 AS ord, e.row_id AS seq
            FROM events e WHERE e.correlation_id = :id
            UNION ALL
            SELECT v.time_ms, v.kind, v.channel, v.recipient, v.status, v.target,
                CASE v.kind
                    WHEN 'send' THEN 'rule ' || COALESCE(v.rule, '?') || ', attempt ' || COALESCE(v.attempt, '?')
                        || COALESCE(', HTTP ' || v.http_status, '')
                        || COALESCE(', ' || v.provider || ' ' || v.provider_message_id, '')
                        || COALESCE(', error: ' || v.error, '')
                    ELSE v.provider || ' ' || v.provider_message_id || COALESCE(', error ' || v.error, '')
                END,
                CASE v.kind WHEN 'send' THEN 1 ELSE 2 END, 0
            FROM alert_events v WHERE v.incident_id = :id
        ) ORDER BY time_ms, ord, seq
        """

    /// The timeline of one incident: events carrying the correlation id, every send and every receipt linked to
    /// it (directly or through the originating event / provider message id), ordered by time.
    ///
    /// - Parameter id: The incident / correlation id.
    /// - Returns: The timeline; empty when nothing is recorded for `id`.
    /// - Throws: ``LedgerError/database(_:)``.
    public func incidentTimeline(id: String) throws(LedgerError) -> LedgerIncidentTimeline {
        let rows = try read { db in try Row.fetchAll(db, sql: Self.timelineSQL, arguments: ["id": id]) }
        var entries: [LedgerTimelineEntry] = []
        var first: Int64?
        for row in rows {
            let time: Int64 = row["time_ms"]
            let start = first ?? time
            first = start
            let kindText: String = row["kind"]
            entries.append(
                LedgerTimelineEntry(
                    timeMilliseconds: time, relativeMilliseconds: time - start,
                    kind: LedgerTimelineEntry.Kind(rawValue: kindText) ?? .event, channel: row["channel"],
                    recipient: row["recipient"], status: row["status"] ?? "", target: row["target"],
                    detail: row["detail"] ?? ""))
        }
        return LedgerIncidentTimeline(incidentID: id, entries: entries)
    }

    /// Attempts in the window with their first delivered receipt time and whether a failure receipt exists.
    static let deliverySQL = """
        SELECT a.target AS target, a.outcome AS outcome, a.time_ms AS time_ms,
            (SELECT MIN(r.occurred_at_ms) FROM receipts r
             WHERE a.provider_message_id IS NOT NULL AND r.provider = a.provider
               AND r.provider_message_id = a.provider_message_id
               AND r.status IN ('delivered', 'read', 'opened')) AS first_delivered_ms,
            EXISTS (SELECT 1 FROM receipts r
             WHERE a.provider_message_id IS NOT NULL AND r.provider = a.provider
               AND r.provider_message_id = a.provider_message_id
               AND r.status IN ('failed', 'undelivered', 'bounced')) AS has_failure_receipt
        FROM attempts a
        WHERE a.time_ms >= :since AND a.time_ms < :until
        ORDER BY a.target
        """

    /// Delivery figures per target for attempts whose time lies in `[since, until)`.
    ///
    /// Receipts count for a send whatever their own time (a message sent at the end of the window and delivered
    /// just after it still counts as delivered). Time-to-delivered is the first `delivered`/`read`/`opened`
    /// receipt's time minus the send's time.
    ///
    /// - Parameters:
    ///   - since: Window start, inclusive (milliseconds since the Unix epoch).
    ///   - until: Window end, exclusive.
    /// - Throws: ``LedgerError/invalidArgument(_:)`` when `until < since`, ``LedgerError/database(_:)``.
    public func deliveryReport(since: Int64, until: Int64) throws(LedgerError) -> LedgerDeliveryReport {
        guard until >= since else {
            throw .invalidArgument("report window ends (\(until)) before it starts (\(since))")
        }
        struct Tally {
            var sent = 0, delivered = 0, undelivered = 0, failed = 0, deadLettered = 0
            var latencies: [Int64] = []
        }
        let tallies: [String: Tally] = try read { db in
            var tallies: [String: Tally] = [:]
            let cursor = try Row.fetchCursor(db, sql: Self.deliverySQL, arguments: ["since": since, "until": until])
            while let row = try cursor.next() {
                let target: String = row["target"]
                var tally = tallies[target] ?? Tally()
                let outcome: String = row["outcome"]
                switch LedgerOutcome(rawValue: outcome) {
                case .delivered:
                    tally.sent += 1
                    let time: Int64 = row["time_ms"]
                    if let first: Int64 = row["first_delivered_ms"] {
                        tally.delivered += 1
                        tally.latencies.append(max(0, first - time))
                    } else if row["has_failure_receipt"] == true {
                        tally.undelivered += 1
                    }
                case .failedRetrying: tally.failed += 1
                case .deadLettered: tally.deadLettered += 1
                case nil: break
                }
                tallies[target] = tally
            }
            return tallies
        }
        let targets = tallies.keys.sorted().compactMap { name -> LedgerDeliveryReport.Target? in
            guard let tally = tallies[name] else { return nil }
            let sorted = tally.latencies.sorted()
            return LedgerDeliveryReport.Target(
                target: name, sent: tally.sent, delivered: tally.delivered, undelivered: tally.undelivered,
                failed: tally.failed, deadLettered: tally.deadLettered,
                p50TimeToDeliveredMilliseconds: LedgerDeliveryReport.percentile(sorted, 0.50),
                p95TimeToDeliveredMilliseconds: LedgerDeliveryReport.percentile(sorted, 0.95))
        }
        return LedgerDeliveryReport(since: since, until: until, targets: targets)
    }
}
