/// The configuration files `herald demo` applies (YAML, with `${…}` references to the fake providers' addresses and
/// credentials). They follow `Examples/config/scenario-*.yaml`, trimmed to what the demo shows.
extension DemoScenario {
    var configuration: String {
        switch self {
        case .a: Self.scenarioA
        case .b: Self.scenarioB
        case .c: Self.scenarioC
        }
    }

    private static let scenarioA = """
        connections:
          - Name: supabase
            AuthParameters:
              ApiKeyAuthParameters: {ApiKeyName: apikey, ApiKeyValue: "${SUPABASE_KEY}"}
              InvocationHttpParameters:
                HeaderParameters:
                  - {Key: Authorization, Value: "Bearer ${SUPABASE_KEY}", IsValueSecret: true}
        api_destinations:
          - Name: supabase-events
            Connection: supabase
            InvocationEndpoint: ${SUPABASE_URL}/rest/v1/events
            HttpMethod: POST
        rules:
          - Name: cdp-fanout
            EventPattern: {source: [app.cdp], detail-type: [order_placed, user_activity]}
            Targets:
              - Id: supabase-insert
                ApiDestination: supabase-events
                InputTransformer:
                  InputPathsMap: {id: $.id, type: $.detail-type, detail: $.detail}
                  InputTemplate: '{"id": "<id>", "type": "<type>", "payload": <detail>}'
              - Id: slack-orders
                Arn: ${SLACK_URL}
                InputTransformer:
                  InputPathsMap: {m: $.detail.msg, t: $.detail-type}
                  InputTemplate: '{"text": "<t>: <m>"}'
                RetryPolicy: {MaximumRetryAttempts: 3}
          - Name: cdp-alerts
            EventPattern:
              source: [app.cdp]
              $or:
                - detail: {order_amount: [{numeric: [">", 10000]}]}
                - detail: {churn_risk: [high]}
            Targets:
              - Id: dingtalk-alert
                Arn: ${DINGTALK_URL}
                InputTransformer:
                  InputPathsMap: {m: $.detail.msg}
                  InputTemplate: '{"msgtype":"text","text":{"content":"ALERT: <m>"}}'
                HeraldParameters: {Signing: {Type: dingtalk, Secret: "${DINGTALK_SECRET}"}}
              - Id: lark-alert
                Arn: ${LARK_URL}
                InputTransformer:
                  InputPathsMap: {m: $.detail.msg}
                  InputTemplate: '{"msg_type":"text","content":{"text":"ALERT: <m>"}}'
                HeraldParameters: {Signing: {Type: lark, Secret: "${LARK_SECRET}"}}
        """

    private static let scenarioB = """
        webhooks:
          public_base_url: ${HERALD_URL}
          twilio: {auth_tokens: ["${TWILIO_TOKEN}"]}
          resend: {svix_secrets: ["${RESEND_SECRET}"]}
        connections:
          - Name: twilio
            AuthParameters:
              BasicAuthParameters: {Username: "${TWILIO_SID}", Password: "${TWILIO_TOKEN}"}
          - Name: resend
            AuthParameters:
              ApiKeyAuthParameters: {ApiKeyName: Authorization, ApiKeyValue: "Bearer ${RESEND_KEY}"}
        api_destinations:
          - {Name: twilio-messages, Connection: twilio, InvocationEndpoint: "${TWILIO_URL}/2010-04-01/Accounts/*/Messages.json", HttpMethod: POST}
          - {Name: resend-email, Connection: resend, InvocationEndpoint: "${RESEND_URL}/emails", HttpMethod: POST}
        rules:
          - Name: order-fanout
            EventPattern: {source: [com.app], detail-type: [OrderPlaced]}
            Targets:
              - Id: sms
                ApiDestination: twilio-messages
                HttpParameters:
                  PathParameterValues: ["${TWILIO_SID}"]
                  HeaderParameters: {Content-Type: application/x-www-form-urlencoded}
                InputTransformer:
                  InputPathsMap: {phone: $.detail.customer.phone, order: $.detail.order_id, total: $.detail.total}
                  InputTemplate: >-
                    {"To": "<phone>", "From": "+15550100000", "Body": "Order <order> confirmed, total <total>.",
                    "StatusCallback": "${HERALD_URL}/webhooks/twilio?cid=<order>"}
              - Id: email
                ApiDestination: resend-email
                HttpParameters: {HeaderParameters: {Content-Type: application/json}}
                InputTransformer:
                  InputPathsMap: {email: $.detail.customer.email, name: $.detail.customer.name, order: $.detail.order_id}
                  InputTemplate: >-
                    {"from": "Shop <orders@example.com>", "to": ["<email>"], "subject": "Order <order>",
                    "html": "Hi <name>, your order <order> is confirmed.", "tags": [{"name": "correlation_id", "value": "<order>"}]}
        """

    private static let scenarioC = """
        webhooks:
          public_base_url: ${HERALD_URL}
          twilio: {auth_tokens: ["${TWILIO_TOKEN}"]}
          resend: {svix_secrets: ["${RESEND_SECRET}"]}
        buses:
          - Name: infra
        connections:
          - Name: twilio
            AuthParameters:
              BasicAuthParameters: {Username: "${TWILIO_SID}", Password: "${TWILIO_TOKEN}"}
          - Name: resend
            AuthParameters:
              ApiKeyAuthParameters: {ApiKeyName: Authorization, ApiKeyValue: "Bearer ${RESEND_KEY}"}
        api_destinations:
          - {Name: twilio-messages, Connection: twilio, InvocationEndpoint: "${TWILIO_URL}/2010-04-01/Accounts/*/Messages.json", HttpMethod: POST}
          - {Name: resend-email, Connection: resend, InvocationEndpoint: "${RESEND_URL}/emails", HttpMethod: POST}
        rules:
          - Name: InfraP1Alert
            EventBusName: infra
            EventPattern: {source: [aws.ecs, aws.rds], detail-type: [Alarm State Change], detail: {state: {value: [ALARM]}}}
            Targets:
              - Id: page-sms
                ApiDestination: twilio-messages
                HttpParameters:
                  PathParameterValues: ["${TWILIO_SID}"]
                  HeaderParameters: {Content-Type: application/x-www-form-urlencoded}
                InputTransformer:
                  InputPathsMap: {incident: $.detail.incident_id, alarm: $.detail.alarmName}
                  InputTemplate: >-
                    {"To": "+15550001", "From": "+15550100000", "Body": "P1 <alarm> (incident <incident>)",
                    "StatusCallback": "${HERALD_URL}/webhooks/twilio?cid=<incident>"}
              - Id: page-whatsapp
                ApiDestination: twilio-messages
                HttpParameters:
                  PathParameterValues: ["${TWILIO_SID}"]
                  HeaderParameters: {Content-Type: application/x-www-form-urlencoded}
                InputTransformer:
                  InputPathsMap: {incident: $.detail.incident_id, alarm: $.detail.alarmName}
                  InputTemplate: >-
                    {"To": "whatsapp:+15550001", "From": "whatsapp:+15550100000", "Body": "P1 <alarm> (incident <incident>)",
                    "StatusCallback": "${HERALD_URL}/webhooks/twilio?cid=<incident>"}
              - Id: page-email
                ApiDestination: resend-email
                HttpParameters: {HeaderParameters: {Content-Type: application/json}}
                InputTransformer:
                  InputPathsMap: {incident: $.detail.incident_id, alarm: $.detail.alarmName, reason: $.detail.state.reason}
                  InputTemplate: >-
                    {"from": "Herald <alerts@example.com>", "to": ["oncall@example.com"], "subject": "P1: <alarm>",
                    "html": "<alarm>: <reason>", "tags": [{"name": "incident_id", "value": "<incident>"}]}
        """
}
