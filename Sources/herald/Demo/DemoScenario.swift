import HeraldClient
import HeraldFakeProviders

/// One of the brief's three scenarios as `herald demo` runs it: its configuration (the same shape as
/// `Examples/config/scenario-*.yaml`, pointed at the built-in fake providers), the events it puts, and what it expects.
enum DemoScenario: String, CaseIterable, Sendable {
    case a = "A"
    case b = "B"
    case c = "C"

    var title: String {
        switch self {
        case .a: "A — customer-data fan-out with signed DingTalk/Lark alerts"
        case .b: "B — closed-loop SMS + email with verified receipts"
        case .c: "C — P1 infrastructure alert: was it delivered and opened before escalation?"
        }
    }

    /// Environment for the configuration's `${…}` references.
    func environment(providers: FakeProviderSuite, herald: String) -> [String: String] {
        [
            "SUPABASE_URL": providers.supabase.baseURL, "SUPABASE_KEY": providers.supabase.apiKey,
            "SLACK_URL": providers.slack.webhookURL, "DINGTALK_URL": providers.dingTalk.webhookURL,
            "DINGTALK_SECRET": providers.dingTalk.secret ?? "", "LARK_URL": providers.lark.webhookURL,
            "LARK_SECRET": providers.lark.secret ?? "", "TWILIO_URL": providers.twilio.baseURL,
            "TWILIO_SID": providers.twilio.accountSID, "TWILIO_TOKEN": providers.twilio.authToken,
            "RESEND_URL": providers.resend.baseURL, "RESEND_KEY": providers.resend.apiKey,
            "RESEND_SECRET": providers.resend.webhookSecret, "HERALD_URL": herald,
        ]
    }

    /// The events the demo puts, in order.
    var events: [PutEntry] {
        switch self {
        case .a:
            [
                PutEntry(source: "app.cdp", detailType: "order_placed",
                         detail: #"{"order_id":"o-1001","order_amount":120.5,"customer":"ann","msg":"small order"}"#),
                PutEntry(source: "app.cdp", detailType: "order_placed",
                         detail: #"{"order_id":"o-1002","order_amount":25000,"customer":"bob","msg":"order o-1002 of 25000 needs review"}"#),
                PutEntry(source: "app.cdp", detailType: "user_activity",
                         detail: #"{"user":"cho","churn_risk":"high","msg":"cho shows high churn risk"}"#),
            ]
        case .b:
            [PutEntry(source: "com.app", detailType: "OrderPlaced",
                      detail: #"{"order_id":"ord-42","total":99.5,"customer":{"phone":"+15557654321","email":"ann@example.com","name":"Ann"}}"#)]
        case .c:
            [PutEntry(source: "aws.rds", detailType: "Alarm State Change",
                      detail: #"{"alarmName":"db-primary-cpu","incident_id":"INC-42","state":{"value":"ALARM","reason":"CPU above 95% for 5 minutes"}}"#,
                      eventBusName: "infra")]
        }
    }

    /// Scripts the fakes' receipts: C has one page opened, one bounced and one never answered.
    func script(_ providers: FakeProviderSuite) {
        switch self {
        case .a: break
        case .b:
            providers.twilio.setOutcome(.delivered, for: "+15557654321")
            providers.resend.setOutcome(.opened, for: "ann@example.com")
        case .c:
            providers.resend.setOutcome(.opened, for: "oncall@example.com")
            providers.twilio.setOutcome(.bounced, for: "+15550001")
            providers.twilio.setOutcome(.noReceipt, for: "whatsapp:+15550001")
        }
    }

    /// Provider sends the scenario must see before receipts are requested.
    func sendsSeen(_ providers: FakeProviderSuite) -> Bool {
        switch self {
        case .a:
            providers.supabase.rows(in: "events").count >= 3 && providers.slack.messages.count >= 3
                && providers.dingTalk.messages.count >= 2 && providers.lark.messages.count >= 2
        case .b: providers.twilio.messages.count >= 1 && providers.resend.emails.count >= 1
        case .c: providers.twilio.messages.count >= 2 && providers.resend.emails.count >= 1
        }
    }

    /// Delivered attempts the ledger must hold before the demo answers.
    var expectedDeliveries: Int {
        switch self {
        case .a: 10  // 3 Supabase rows, 3 Slack messages, 2 DingTalk and 2 Lark alerts
        case .b: 2
        case .c: 3
        }
    }

    /// Receipts the ledger must hold before the demo answers.
    var expectedReceipts: Int {
        switch self {
        case .a: 0
        case .b: 5  // SMS sent + delivered; email sent + delivered + opened
        case .c: 5  // email sent + delivered + opened; SMS sent + undelivered
        }
    }

    /// The SQL question the demo answers at the end, with its parameters' meaning.
    var question: (title: String, sql: String)? {
        switch self {
        case .a:
            ("Deliveries per target (SELECT … FROM attempts GROUP BY target)",
             "SELECT target, COUNT(*) AS attempts, SUM(outcome = 'delivered') AS delivered FROM attempts GROUP BY target ORDER BY target")
        case .b:
            ("Receipts per message (SELECT … FROM receipts)",
             "SELECT channel, recipient, group_concat(status, ' → ') AS statuses, correlation_id FROM (SELECT * FROM receipts ORDER BY row_id) GROUP BY provider_message_id ORDER BY channel")
        case .c:
            ("Did on-call receive and open the P1 page before escalation?",
             """
             SELECT incident_id, channel, recipient, status, timestamp FROM alert_events
             WHERE incident_id = 'INC-42' AND status = 'opened' AND timestamp < :escalation_time
             """)
        }
    }
}
