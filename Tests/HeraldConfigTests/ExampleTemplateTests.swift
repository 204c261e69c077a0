import HeraldCatalog
import HeraldConfig
import HeraldEvents
import HeraldJSON
import Testing

/// Renders every InputTransformer of the example files with Herald's transformer against a sample event, so the
/// examples send what the scenarios need.
@Suite struct ExampleTemplateTests {
    /// An event of each example's rule, as the envelope targets receive.
    static let events: [String: String] = [
        "cdp-alerts": #"{"version":"0","id":"e1","detail-type":"order_placed","source":"app.cdp","account":"000000000000","time":"2026-11-22T10:00:00Z","region":"us-east-1","resources":[],"detail":{"order_amount":12000,"msg":"order \"A-1\" is big"}}"#,
        "order-fanout": #"{"version":"0","id":"e2","detail-type":"OrderPlaced","source":"com.app","account":"000000000000","time":"2026-11-22T10:00:00Z","region":"us-east-1","resources":[],"detail":{"order_id":"A-1","total":"99.50","customer":{"phone":"+15551112222","email":"ann@example.com","name":"Ann"}}}"#,
        "InfraP1Alert": #"{"version":"0","id":"inc-7","detail-type":"Alarm State Change","source":"aws.rds","account":"000000000000","time":"2026-11-22T10:00:00Z","region":"us-east-1","resources":[],"detail":{"alarmName":"db-cpu","state":{"value":"ALARM","reason":"CPU > 90%"}}}"#,
    ]

    /// Renders `target`'s transformer for `event`.
    static func render(_ target: Target, rule: String, event: String) throws -> JSONValue? {
        let transformer = try #require(target.inputTransformer)
        let herald = try HeraldEvents.InputTransformer(inputPathsMap: transformer.inputPathsMap ?? [:], inputTemplate: transformer.inputTemplate)
        let envelope = try EventEnvelope(parsing: Array(event.utf8))
        let context = TransformContext(ruleArn: "arn:aws:events:us-east-1:000000000000:rule/\(rule)", ruleName: rule, ingestionTime: UTCTime(secondsSince1970: 0))
        return herald.transform(envelope, context: context).json
    }

    @Test(arguments: ["scenario-a.yaml", "scenario-b.yaml", "scenario-c.yaml"])
    func everyTemplateRendersJSON(_ name: String) throws {
        let config = try HeraldConfigFile.load(path: ConfigTestSupport.examplePath(name), environment: ConfigTestSupport.exampleEnvironment)
        var rendered = 0
        for rule in config.rules {
            for declaration in rule.targets where declaration.target.inputTransformer != nil {
                let event = try #require(Self.events[rule.input.name ?? ""])
                let json = try Self.render(declaration.target, rule: rule.input.name ?? "", event: event)
                #expect(json?.objectValue != nil, "\(name) \(declaration.target.id) renders a JSON object")
                rendered += 1
            }
        }
        #expect(rendered > 0)
    }

    @Test func renderedMessagesCarryWhatTheScenariosNeed() throws {
        let a = try HeraldConfigFile.load(path: ConfigTestSupport.examplePath("scenario-a.yaml"), environment: ConfigTestSupport.exampleEnvironment)
        let dingtalk = try #require(a.rules.first { $0.input.name == "cdp-alerts" }?.targets.first?.target)
        let alert = try Self.render(dingtalk, rule: "cdp-alerts", event: Self.events["cdp-alerts"] ?? "")
        #expect(alert?["text"]?["content"]?.stringValue == #"ALERT: order "A-1" is big"#)

        let b = try HeraldConfigFile.load(path: ConfigTestSupport.examplePath("scenario-b.yaml"), environment: ConfigTestSupport.exampleEnvironment)
        let targets = try #require(b.rules.first { $0.input.name == "order-fanout" }?.targets.map(\.target))
        let sms = try Self.render(try #require(targets.first { $0.id == "sms" }), rule: "order-fanout", event: Self.events["order-fanout"] ?? "")
        #expect(sms?["To"]?.stringValue == "+15551112222")
        #expect(sms?["Body"]?.stringValue == "Order A-1 confirmed, total 99.50.")
        #expect(sms?["StatusCallback"]?.stringValue == "https://herald.example.com/webhooks/twilio?cid=A-1")
        let email = try Self.render(try #require(targets.first { $0.id == "email" }), rule: "order-fanout", event: Self.events["order-fanout"] ?? "")
        #expect(email?["to"]?[0]?.stringValue == "ann@example.com")
        #expect(email?["html"]?.stringValue == "<p>Hi Ann, your order A-1 is confirmed.</p>")
        #expect(email?["tags"]?[0]?["value"]?.stringValue == "A-1")

        let c = try HeraldConfigFile.load(path: ConfigTestSupport.examplePath("scenario-c.yaml"), environment: ConfigTestSupport.exampleEnvironment)
        let pages = try #require(c.rules.first?.targets.map(\.target))
        let page = try Self.render(try #require(pages.first { $0.id == "page-whatsapp" }), rule: "InfraP1Alert", event: Self.events["InfraP1Alert"] ?? "")
        #expect(page?["To"]?.stringValue == "whatsapp:+15550000003")
        #expect(page?["StatusCallback"]?.stringValue == "https://herald.example.com/webhooks/twilio?cid=inc-7")
        let mail = try Self.render(try #require(pages.first { $0.id == "page-email" }), rule: "InfraP1Alert", event: Self.events["InfraP1Alert"] ?? "")
        #expect(mail?["tags"]?[0]?["name"]?.stringValue == "incident_id")
        #expect(mail?["tags"]?[0]?["value"]?.stringValue == "inc-7")
        #expect(mail?["html"]?.stringValue == "<p>db-cpu went to ALARM at 2026-11-22T10:00:00Z: CPU > 90%</p><p>Incident inc-7</p>")
    }
}
