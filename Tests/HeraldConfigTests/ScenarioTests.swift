import Foundation
import HeraldCatalog
import HeraldConfig
import Testing

/// The example files of BRIEF.md scenarios A, B and C, applied to real catalogs.
@Suite struct ScenarioTests {
    @Test func scenarioAParsesAndAppliesToARealCatalog() async throws {
        let config = try HeraldConfigFile.load(
            path: ConfigTestSupport.examplePath("scenario-a.yaml"), environment: ConfigTestSupport.exampleEnvironment)
        #expect(config.file == "scenario-a.yaml")
        #expect(config.server.httpAddress == "127.0.0.1:4010")
        #expect(config.server.logLevel == "info")
        let directory = try ConfigTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await ConfigTestSupport.withCatalog(directory: directory) { catalog in
            let summary = try await config.apply(to: catalog)
            // 2 connections, 2 API destinations, 2 rules, 3 targets, 1 archive.
            #expect(summary.created == 10)
            #expect(summary.updated == 0 && summary.unchanged == 0 && summary.deleted == 0)
            let snapshot = catalog.snapshot

            let fanout = try #require(snapshot.rules[RuleKey(bus: "default", name: "cdp-fanout")])
            #expect(fanout.eventPattern == #"{"source":["app.cdp"],"detail-type":["order_placed","user_activity"]}"#)
            #expect(fanout.targets.map(\.id) == ["supabase-insert", "crm-webhook"])
            let supabase = try #require(snapshot.apiDestinations["supabase-events"])
            #expect(fanout.targets[0].arn == supabase.arn)
            #expect(supabase.invocationEndpoint == "http://127.0.0.1:54321/rest/v1/events")
            #expect(fanout.targets[0].httpParameters?.headerParameters?["Prefer"] == "return=minimal")
            #expect(fanout.targets[1].retryPolicy == RetryPolicy(maximumRetryAttempts: 3))
            #expect(fanout.targets[1].arn == snapshot.apiDestinations["crm-sync"]?.arn)

            let connection = try #require(snapshot.connections["supabase"])
            #expect(supabase.connectionArn == connection.arn)
            #expect(connection.authorizationType == .apiKey)
            #expect(connection.authParameters.apiKeyAuthParameters?.apiKeyValue == "anon-key-123")
            let header = connection.authParameters.invocationHttpParameters?.headerParameters?.first
            #expect(header == ConnectionParameter(key: "Authorization", value: "Bearer service-key-456", isValueSecret: true))

            let alerts = try #require(snapshot.rules[RuleKey(bus: "default", name: "cdp-alerts")])
            #expect(alerts.eventPattern == #"{"source":["app.cdp"],"$or":[{"detail":{"order_amount":[{"numeric":[">",10000]}]}},{"detail":{"churn_risk":["high"]}}]}"#)
            let dingtalk = try #require(alerts.targets.first)
            #expect(dingtalk.arn == "http://127.0.0.1:9102/robot/send?access_token=local")
            #expect(dingtalk.inputTransformer == InputTransformer(
                inputPathsMap: ["m": "$.detail.msg"], inputTemplate: #"{"msgtype":"text","text":{"content":"ALERT: <m>"}}"#))
            #expect(dingtalk.retryPolicy == RetryPolicy(maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600))
            // The rule's pattern matches what scenario A sends.
            let bigOrder = #"{"source":"app.cdp","detail-type":"order_placed","detail":{"order_amount":12000,"msg":"big"}}"#
            let smallOrder = #"{"source":"app.cdp","detail-type":"order_placed","detail":{"order_amount":10,"churn_risk":"low"}}"#
            #expect(try catalog.patterns.matches(pattern: alerts.eventPattern ?? "", event: bigOrder))
            #expect(try !catalog.patterns.matches(pattern: alerts.eventPattern ?? "", event: smallOrder))

            let archive = try #require(snapshot.archives["cdp-archive"])
            #expect(archive.retentionDays == 30)
            #expect(archive.eventSourceArn == snapshot.eventBuses["default"]?.arn)
        }
    }

    @Test func applyingTwiceChangesNothingEvenAfterReopening() async throws {
        let config = try HeraldConfigFile.load(
            path: ConfigTestSupport.examplePath("scenario-a.yaml"), environment: ConfigTestSupport.exampleEnvironment)
        let directory = try ConfigTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await ConfigTestSupport.withCatalog(directory: directory) { catalog in
            _ = try await config.apply(to: catalog)
            let version = catalog.snapshot.version
            let again = try await config.apply(to: catalog)
            #expect(again.created == 0 && again.updated == 0 && again.deleted == 0)
            #expect(again.unchanged == 10)
            #expect(catalog.snapshot.version == version)
            return catalog.snapshot
        }
        try await ConfigTestSupport.withCatalog(directory: directory) { catalog in
            let summary = try await config.apply(to: catalog)
            #expect(summary.unchanged == 10 && summary.created == 0 && summary.updated == 0)
            #expect(catalog.snapshot.version == 0)
            #expect(catalog.snapshot.rules == first.rules)
            #expect(catalog.snapshot.apiDestinations == first.apiDestinations)
        }
    }

    @Test(arguments: ["scenario-b.yaml", "scenario-c.yaml"])
    func otherExamplesApplyIdempotently(_ name: String) async throws {
        let config = try HeraldConfigFile.load(path: ConfigTestSupport.examplePath(name), environment: ConfigTestSupport.exampleEnvironment)
        let catalog = try ConfigTestSupport.memoryCatalog()
        let summary = try await config.apply(to: catalog)
        #expect(summary.created > 0 && summary.updated == 0)
        let version = catalog.snapshot.version
        let again = try await config.apply(to: catalog)
        #expect(again.unchanged == summary.created && again.created == 0 && again.updated == 0)
        #expect(catalog.snapshot.version == version)
    }

    @Test func scenarioBBuildsTwilioAndResendTargets() async throws {
        let config = try HeraldConfigFile.load(
            path: ConfigTestSupport.examplePath("scenario-b.yaml"), environment: ConfigTestSupport.exampleEnvironment)
        let catalog = try ConfigTestSupport.memoryCatalog()
        _ = try await config.apply(to: catalog)
        let snapshot = catalog.snapshot
        let twilio = try #require(snapshot.connections["twilio"])
        #expect(twilio.authorizationType == .basic)
        #expect(twilio.authParameters.basicAuthParameters == BasicAuthParameters(username: "AC0123456789abcdef", password: "twilio-token-secret"))
        let rule = try #require(snapshot.rules[RuleKey(bus: "default", name: "order-fanout")])
        let sms = try #require(rule.targets.first { $0.id == "sms" })
        #expect(sms.httpParameters?.pathParameterValues == ["AC0123456789abcdef"])
        let template = try #require(sms.inputTransformer?.inputTemplate)
        #expect(template.contains(#""StatusCallback": "https://herald.example.com/webhooks/twilio?cid=<order>""#))
        #expect(template.contains(#""From": "+15550000001""#))
        let email = try #require(rule.targets.first { $0.id == "email" })
        #expect(email.inputTransformer?.inputTemplate.contains(#""tags": [{"name": "correlation_id", "value": "<order>"}]"#) == true)
        #expect(config.webhooks.publicBaseURL == "https://herald.example.com")
        #expect(config.webhooks.twilio?.authTokens == ["twilio-token-secret"])
        #expect(config.webhooks.resend?.authentication == .svix(secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]))
        #expect(snapshot.apiDestinations["twilio-sms"]?.invocationEndpoint == "https://api.twilio.com/2010-04-01/Accounts/*/Messages.json")
    }
}
