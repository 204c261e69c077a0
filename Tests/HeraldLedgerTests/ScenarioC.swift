import HeraldLedger

/// Scenario C rows: alarm `INC-42` paged by SMS to +15550001 (delivered at +30 s, read at +60 s), by e-mail to
/// oncall@example.com (bounced) and by SMS to +15550002 (one failed attempt, then sent, no receipt). Escalation is
/// at +120 s. A second incident `INC-43` (an opened e-mail) must never leak into `INC-42`'s answers.
enum ScenarioC {
    static let t0: Int64 = 1_795_000_000_000  // 2026-11-18T11:06:40.000Z
    static let escalation = LedgerTime.iso8601(milliseconds: t0 + 120_000)

    /// Who received or opened the page before escalation.
    static let reachedQuery = """
        SELECT channel, recipient, status, timestamp
        FROM alert_events
        WHERE incident_id = :incident AND kind = 'receipt'
          AND status IN ('delivered', 'read', 'opened')
          AND timestamp <= :escalation_time
        ORDER BY timestamp
        """

    /// Who was paged (the provider accepted the message) but had no delivered/read/opened receipt before escalation.
    static let unreachedQuery = """
        SELECT DISTINCT s.channel, s.recipient, s.target,
            (SELECT group_concat(r.status, ',') FROM alert_events r
             WHERE r.kind = 'receipt' AND r.provider = s.provider
               AND r.provider_message_id = s.provider_message_id
               AND r.timestamp <= :escalation_time) AS receipts
        FROM alert_events s
        WHERE s.incident_id = :incident AND s.kind = 'send' AND s.status = 'sent'
          AND s.timestamp <= :escalation_time
          AND NOT EXISTS (
            SELECT 1 FROM alert_events r
            WHERE r.kind = 'receipt' AND r.provider = s.provider
              AND r.provider_message_id = s.provider_message_id
              AND r.status IN ('delivered', 'read', 'opened')
              AND r.timestamp <= :escalation_time)
        ORDER BY s.recipient
        """

    /// A delivered receipt for +15550002 that arrives after escalation (applied separately by a test).
    static let lateReceipt = LedgerReceipt(
        receiptEventID: "rcpt-5", logSequence: 14, provider: "twilio", providerMessageID: "SM002",
        status: "delivered", occurredAtMilliseconds: t0 + 180_000)

    static var batches: [LedgerBatch] {
        let alarm = LedgerEvent(
            eventID: "evt-alarm", logSequence: 1, bus: "default", timeMilliseconds: t0, source: "aws.rds",
            detailType: "CloudWatch Alarm State Change", correlationID: "INC-42",
            detail: #"{"alarmName":"db-cpu","state":{"value":"ALARM"}}"#)
        let other = LedgerEvent(
            eventID: "evt-other", logSequence: 2, bus: "default", timeMilliseconds: t0 + 500, source: "aws.ecs",
            detailType: "CloudWatch Alarm State Change", correlationID: "INC-43", detail: "{}")
        func send(
            _ seq: UInt64, target: String, channel: String, provider: String, message: String?, to: String,
            at offset: Int64, outcome: LedgerOutcome = .delivered, status: Int = 201, attempt: Int = 1,
            event: String = "evt-alarm", correlation: String? = "INC-42"
        ) -> LedgerAttempt {
            LedgerAttempt(
                journalSequence: seq, eventID: event, rule: "InfraP1Alert", target: target, channel: channel,
                attempt: attempt, timeMilliseconds: t0 + offset, latencyMicroseconds: 41_000, outcome: outcome,
                httpStatus: status, error: outcome == .delivered ? nil : "HTTP \(status)", provider: provider,
                providerMessageID: message, recipient: to, correlationID: correlation)
        }
        let attempts = [
            send(1, target: "oncall-sms", channel: "sms", provider: "twilio", message: "SM001", to: "+15550001",
                 at: 1_000),
            send(2, target: "oncall-email", channel: "email", provider: "resend", message: "re_001",
                 to: "oncall@example.com", at: 1_200, status: 200),
            send(3, target: "oncall-sms", channel: "sms", provider: "twilio", message: nil, to: "+15550002",
                 at: 1_100, outcome: .failedRetrying, status: 503),
            send(4, target: "oncall-sms", channel: "sms", provider: "twilio", message: "SM002", to: "+15550002",
                 at: 3_000, attempt: 2, correlation: nil),
            send(5, target: "oncall-email", channel: "email", provider: "resend", message: "re_043",
                 to: "other@example.com", at: 2_000, status: 200, event: "evt-other", correlation: "INC-43"),
        ]
        let receipts = [
            // Twilio callback carrying the origin event but no incident id: correlated through the event.
            LedgerReceipt(
                receiptEventID: "rcpt-1", logSequence: 10, provider: "twilio", providerMessageID: "SM001",
                status: "delivered", recipient: "+15550001", occurredAtMilliseconds: t0 + 31_000,
                originEventID: "evt-alarm", channel: "sms"),
            // A bare receipt: correlated only through the provider message id of the send.
            LedgerReceipt(
                receiptEventID: "rcpt-2", logSequence: 11, provider: "twilio", providerMessageID: "SM001",
                status: "read", occurredAtMilliseconds: t0 + 61_000),
            LedgerReceipt(
                receiptEventID: "rcpt-3", logSequence: 12, provider: "resend", providerMessageID: "re_001",
                status: "bounced", errorCode: "hard_bounce", recipient: "oncall@example.com",
                occurredAtMilliseconds: t0 + 5_000, correlationID: "INC-42"),
            LedgerReceipt(
                receiptEventID: "rcpt-4", logSequence: 13, provider: "resend", providerMessageID: "re_043",
                status: "opened", recipient: "other@example.com", occurredAtMilliseconds: t0 + 9_000,
                correlationID: "INC-43"),
        ]
        return [
            LedgerBatch(events: [alarm, other], cursors: ["log": 3]),
            LedgerBatch(attempts: attempts, cursors: ["journal": 6]),
            LedgerBatch(receipts: receipts, cursors: ["log": 15]),
        ]
    }
}
