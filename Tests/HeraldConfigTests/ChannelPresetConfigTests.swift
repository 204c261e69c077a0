import HeraldCatalog
import HeraldConfig
import HeraldEvents
import HeraldJSON
import Testing

/// The `channels:` section and `Channel:` targets: expansion into connections, API destinations and targets with
/// `HeraldParameters.Channel`, idempotent apply, and located errors.
@Suite struct ChannelPresetConfigTests {
    static let environment = ConfigTestSupport.exampleEnvironment.merging([
        "SUPABASE_URL": "http://127.0.0.1:54321", "SUPABASE_KEY": "sb_secret_123",
        "DINGTALK_WEBHOOK_URL": "https://oapi.dingtalk.com/robot/send?access_token=tok", "DINGTALK_SECRET": "SECabc",
        "TWILIO_BASE_URL": "http://127.0.0.1:9201/",
    ]) { $1 }

    static let event = EventEnvelope(
        id: "evt-1", detailType: "Incident", source: "com.monitoring", account: "000000000000",
        time: UTCTime(iso8601: "2026-11-22T10:00:00Z")!, region: "us-east-1", resources: [],
        detail: [
            "incident_id": "INC-7", "severity": 1, "title": "db \"down\" <primary>",
            "oncall": ["phone": "+15557654321", "email": "ann@example.com"],
        ])

    /// Renders a declared target's transformer for ``event``.
    static func render(_ target: Target) throws -> JSONValue {
        let given = try #require(target.inputTransformer)
        let transformer = try InputTransformer(inputPathsMap: given.inputPathsMap ?? [:], inputTemplate: given.inputTemplate)
        let context = TransformContext(ruleArn: "arn:r", ruleName: "paging", ingestionTime: UTCTime(iso8601: "2026-11-22T10:00:01Z")!)
        return try #require(transformer.transform(event, context: context).json)
    }

    static func example() throws -> HeraldConfigFile {
        try HeraldConfigFile.load(path: ConfigTestSupport.examplePath("presets.yaml"), environment: environment)
    }

    static func target(_ config: HeraldConfigFile, _ id: String) throws -> TargetDeclaration {
        try #require(config.rules.first { $0.input.name == "paging" }?.targets.first { $0.target.id == id })
    }

    @Test func channelsExpandIntoConnectionsAndApiDestinations() throws {
        let config = try Self.example()
        #expect(config.channels.map(\.name) == ["oncall-sms", "oncall-whatsapp", "oncall-email", "incident-db", "ops-dingtalk"])
        let sms = try #require(config.connections.first { $0.name == "oncall-sms" })
        #expect(sms.input.authorizationType == "BASIC")
        #expect(sms.input.authParameters?.basicAuthParameters == BasicAuthParameters(username: "AC0123456789abcdef", password: "twilio-token-secret"))
        let smsDestination = try #require(config.apiDestinations.first { $0.name == "oncall-sms" })
        #expect(smsDestination.input.invocationEndpoint == "http://127.0.0.1:9201/2010-04-01/Accounts/AC0123456789abcdef/Messages.json")
        #expect(smsDestination.connectionName == "oncall-sms")
        let email = try #require(config.connections.first { $0.name == "oncall-email" })
        #expect(email.input.authParameters?.apiKeyAuthParameters == ApiKeyAuthParameters(apiKeyName: "Authorization", apiKeyValue: "Bearer re_secret"))
        #expect(config.apiDestinations.first { $0.name == "oncall-email" }?.input.invocationEndpoint == "https://api.resend.com/emails")
        let database = try #require(config.connections.first { $0.name == "incident-db" })
        #expect(database.input.authParameters?.apiKeyAuthParameters == ApiKeyAuthParameters(apiKeyName: "apikey", apiKeyValue: "sb_secret_123"))
        #expect(database.input.authParameters?.invocationHttpParameters?.headerParameters
            == [ConnectionParameter(key: "Authorization", value: "Bearer sb_secret_123", isValueSecret: true)])
        #expect(config.apiDestinations.first { $0.name == "incident-db" }?.input.invocationEndpoint == "http://127.0.0.1:54321/rest/v1/*")
        // Bots have no connection: their webhook URL is their credential.
        #expect(!config.connections.contains { $0.name == "ops-dingtalk" })
    }

    @Test func targetsCarryTheChannelAndRenderTheMessage() throws {
        let config = try Self.example()
        let sms = try Self.target(config, "sms")
        #expect(sms.apiDestinationName == "oncall-sms")
        #expect(sms.target.heraldParameters?.channel
            == TargetChannel(type: "twilio-sms", correlationIdPath: "$.detail.incident_id", from: "+15550001111"))
        #expect(try Self.render(sms.target) == ["To": "+15557654321", "Body": "P1 db \"down\" <primary>"])

        let email = try Self.target(config, "email")
        #expect(email.target.heraldParameters?.channel?.from == "Herald <alerts@example.com>")
        #expect(try Self.render(email.target) == [
            "to": ["ann@example.com"], "subject": "P1: db \"down\" <primary>",
            "html": "<p>db \"down\" <primary></p><p>Incident INC-7</p>",
        ])

        let robot = try Self.target(config, "dingtalk")
        #expect(robot.apiDestinationName == nil)
        #expect(robot.target.arn == "https://oapi.dingtalk.com/robot/send?access_token=tok")
        #expect(robot.target.heraldParameters?.signing == BotSigning(type: "dingtalk", secret: "SECabc"))
        #expect(try Self.render(robot.target) == [
            "msgtype": "markdown", "markdown": ["title": "P1 db \"down\" <primary>", "text": "### P1 db \"down\" <primary>"],
            "at": ["atMobiles": [], "isAtAll": false],
        ])

        let row = try Self.target(config, "record")
        #expect(row.target.httpParameters?.pathParameterValues == ["alert_events"])
        #expect(row.target.heraldParameters?.channel == TargetChannel(type: "supabase-upsert"))
        #expect(try Self.render(row.target) == ["id": "INC-7", "title": "db \"down\" <primary>", "severity": 1, "origin": "evt-1"])
    }

    @Test func applyingTwiceChangesNothingTheSecondTime() async throws {
        let config = try Self.example()
        let catalog = try ConfigTestSupport.memoryCatalog()
        let first = try await config.apply(to: catalog)
        #expect(first.created > 0)
        #expect(Set(catalog.snapshot.connections.keys) == ["oncall-sms", "oncall-whatsapp", "oncall-email", "incident-db"])
        #expect(Set(catalog.snapshot.apiDestinations.keys) == ["oncall-sms", "oncall-whatsapp", "oncall-email", "incident-db"])
        let version = catalog.snapshot.version
        let second = try await config.apply(to: catalog)
        #expect(second.created == 0 && second.updated == 0)
        #expect(catalog.snapshot.version == version)
        let rule = try #require(catalog.snapshot.rules[RuleKey(bus: "default", name: "paging")])
        #expect(rule.targets.first { $0.id == "sms" }?.arn.hasSuffix(":api-destination/oncall-sms") == true
            || rule.targets.first { $0.id == "sms" }?.arn.contains("api-destination/oncall-sms/") == true)
    }

    @Test func bareTemplatesLiteralsAndListsForEveryBot() throws {
        let yaml = """
            channels:
              team-lark: {Type: lark, Webhook: "${LARK}", Secret: "${LARK_SECRET}"}
              team-slack:
                Type: slack
                Webhook: ${SLACK}
              mail: {Type: resend-email, ApiKey: "${KEY}"}
            rules:
              r:
                EventPattern: {source: [a]}
                Targets:
                  - {Id: lark, Channel: team-lark, MsgType: interactive, Title: Alert, Text: "<b> $.x", Fields: {b: $.detail.b}}
                  - Id: slack
                    Channel: team-slack
                    Text: "see <https://x.test|this>"
                    Blocks: [{type: section, text: {type: mrkdwn, text: $.detail.b}}]
                  - {Id: mail, Channel: mail, From: $.detail.from, To: [a@x.test, $.detail.to], Subject: Hi, Text: "<b>", Fields: {b: $.detail.b}}
            """
        let environment = ["LARK": "https://open.feishu.cn/open-apis/bot/v2/hook/t", "LARK_SECRET": "s", "SLACK": "https://hooks.slack.com/services/x", "KEY": "re_1"]
        let config = try HeraldConfigFile.parse(yaml: yaml, file: "herald.yaml", environment: environment)
        let targets = try #require(config.rules.first?.targets)
        let event = EventEnvelope(
            id: "e", detailType: "d", source: "a", account: "0", time: UTCTime(iso8601: "2026-01-01T00:00:00Z")!, region: "r",
            resources: [], detail: ["b": "bee", "from": "f@x.test", "to": "t@x.test"])
        func render(_ target: Target) throws -> JSONValue {
            let given = try #require(target.inputTransformer)
            let context = TransformContext(ruleArn: "a", ruleName: "r", ingestionTime: event.time)
            return try #require(try InputTransformer(inputPathsMap: given.inputPathsMap ?? [:], inputTemplate: given.inputTemplate)
                .transform(event, context: context).json)
        }
        #expect(targets[0].target.heraldParameters?.signing == BotSigning(type: "lark", secret: "s"))
        #expect(try render(targets[0].target) == [
            "msg_type": "interactive",
            "card": ["header": ["title": ["tag": "plain_text", "content": "Alert"]], "elements": [["tag": "markdown", "content": "bee $.x"]]],
        ])
        #expect(try render(targets[1].target) == [
            "text": "see <https://x.test|this>", "blocks": [["type": "section", "text": ["type": "mrkdwn", "text": "bee"]]],
        ])
        #expect(try render(targets[2].target) == ["from": "f@x.test", "to": ["a@x.test", "t@x.test"], "subject": "Hi", "text": "bee"])
        #expect(targets[2].target.heraldParameters?.channel == TargetChannel(type: "resend-email"))
    }

    @Test(arguments: [
        // An undeclared channel points at the Channel value.
        ("      - {Id: t, Channel: nope, To: $.a, Body: b}", "herald.yaml:8:26: rules.r.Targets[1].Channel: channel 'nope' is not declared in channels: (declared: sms)"),
        // A key of another channel type points at that key.
        ("      - {Id: t, Channel: sms, To: $.a, Body: b, Subject: s}", "herald.yaml:8:49: rules.r.Targets[1].Subject: 'Subject' does not apply to twilio-sms channels (message keys: To, Body, From, MessagingServiceSid, MediaUrl)"),
        // A destination next to Channel.
        ("      - {Id: t, Channel: sms, Url: 'http://x', To: $.a, Body: b}", "herald.yaml:8:31: rules.r.Targets[1].Url: 'Url' cannot be combined with Channel: the channel is the target's destination"),
        // A missing recipient points at the target.
        ("      - {Id: t, Channel: sms, Body: b}", "herald.yaml:8:9: rules.r.Targets[1]: missing required key 'To' (the recipient: a JSONPath or a number)"),
        // Message keys without Channel.
        ("      - {Id: t, Url: 'http://x', Body: b}", "herald.yaml:8:34: rules.r.Targets[1].Body: 'Body' applies only to targets with Channel: NAME"),
        // A correlation path that is not a JSONPath.
        ("      - {Id: t, Channel: sms, To: $.a, Body: b, CorrelationIdPath: detail.id}", "herald.yaml:8:68: rules.r.Targets[1].CorrelationIdPath: a JSONPath must start with '$'"),
    ])
    func targetErrorsAreLocated(target: String, expected: String) throws {
        let yaml = """
            channels:
              sms: {Type: twilio-sms, AccountSid: AC1, AuthToken: "${TOKEN}", From: "+1555"}
            rules:
              r:
                EventPattern: {source: [a]}
                Targets:
                  - {Id: ok, Channel: sms, To: "+1555", Body: hi}
            \(target)
            """
        let error = try #require(ConfigTestSupport.parseError(yaml, environment: ["TOKEN": "t"]))
        #expect(error.description == expected)
    }

    @Test func theLongFormUsesTheApiVocabulary() async throws {
        let yaml = """
            rules:
              r:
                EventPattern: {source: [a]}
                Targets:
                  - Id: sms
                    Url: http://127.0.0.1:9/x
                    InputTemplate: '{"To":"+1","Body":"b"}'
                    HeraldParameters: {Channel: {Type: twilio-sms, CorrelationIdPath: $.detail.id, From: "+1555"}}
            """
        let config = try HeraldConfigFile.parse(yaml: yaml, file: "herald.yaml", environment: [:])
        #expect(config.rules.first?.targets.first?.target.heraldParameters?.channel
            == TargetChannel(type: "twilio-sms", correlationIdPath: "$.detail.id", from: "+1555"))
        // The catalog refuses a Twilio channel without an API destination; the error points at the target.
        let catalog = try ConfigTestSupport.memoryCatalog()
        do throws(ConfigError) {
            _ = try await config.apply(to: catalog)
            Issue.record("a Twilio channel on a plain URL was accepted")
        } catch {
            #expect(error.description == "herald.yaml:5:9: rules.r.Targets[0]: target sms of rule r was refused: HeraldParameters.Channel.Type twilio-sms for target sms needs an API destination Arn: its connection holds the credentials.")
        }
        let unknown = ConfigTestSupport.parseError(yaml.replacingOccurrences(of: "Type: twilio-sms", with: "Type: fax"))
        #expect(unknown?.description.hasPrefix("herald.yaml:8:44: rules.r.Targets[0].HeraldParameters.Channel.Type: must be one of") == true, "\(unknown?.description ?? "")")
    }

    @Test func channelErrorsAreLocated() throws {
        let literal = ConfigTestSupport.parseError("channels:\n  sms: {Type: twilio-sms, AccountSid: AC1, AuthToken: plain}\n")
        #expect(literal?.description == "herald.yaml:2:55: channels.sms.AuthToken: secrets must be given as ${ENV_VAR} references, not written into the file")
        let type = ConfigTestSupport.parseError("channels:\n  x: {Type: fax}\n")
        #expect(type?.description.hasPrefix("herald.yaml:2:13: channels.x.Type: must be one of twilio-sms") == true)
        let stray = ConfigTestSupport.parseError("channels:\n  x: {Type: slack, Webhook: \"${W}\", From: a}\n", environment: ["W": "https://h"])
        #expect(stray?.description == "herald.yaml:2:37: channels.x.From: 'From' does not apply to slack channels (expected one of: Name, Type, Description, CorrelationIdPath, Webhook)")
        let clash = ConfigTestSupport.parseError("""
            connections:
              mail: {AuthParameters: {ApiKeyAuthParameters: {ApiKeyName: a, ApiKeyValue: b}}}
            channels:
              mail: {Type: resend-email, ApiKey: "${K}"}
            """, environment: ["K": "k"])
        #expect(clash?.description == "herald.yaml:4:3: channels.mail: channel 'mail' makes a connection of the same name, which connections: already declares (line 2)")
    }

    @Test func anSbKeyIsNeverPairedWithADifferentServiceKey() throws {
        let yaml = "channels:\n  db: {Type: supabase-insert, Url: \"http://127.0.0.1:54321\", ApiKey: \"${K}\", ServiceKey: \"${S}\"}\n"
        let different = ConfigTestSupport.parseError(yaml, environment: ["K": "sb_secret_abc", "S": "eyJhbGciOiJIUzI1NiJ9.service"])
        #expect(different?.description.hasPrefix("herald.yaml:2:90: channels.db.ServiceKey: an sb_… Supabase key must not be paired with a different key") == true, "\(different?.description ?? "accepted")")
        let sbService = ConfigTestSupport.parseError(yaml, environment: ["K": "eyJhbGciOiJIUzI1NiJ9.anon", "S": "sb_secret_abc"])
        #expect(sbService?.description.hasPrefix("herald.yaml:2:90: channels.db.ServiceKey: an sb_… Supabase key") == true, "\(sbService?.description ?? "accepted")")
        // The same value twice, and legacy JWTs (anon key + service_role), are fine.
        #expect(ConfigTestSupport.parseError(yaml, environment: ["K": "sb_secret_abc", "S": "sb_secret_abc"]) == nil)
        #expect(ConfigTestSupport.parseError(yaml, environment: ["K": "eyJ.anon", "S": "eyJ.service"]) == nil)
    }
}
