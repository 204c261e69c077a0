import Foundation
import HeraldCatalog
import Testing

/// `HeraldParameters.Channel` validation on `PutTargets`: each problem fails only its entry, with an EventBridge-style
/// message; shape errors fail the request.
@Suite struct TargetChannelTests {
    private static let destination = "arn:aws:events:us-east-1:000000000000:api-destination/sms/x"

    private static func target(_ id: String, arn: String = destination, _ channel: TargetChannel, signing: BotSigning? = nil) -> Target {
        Target(id: id, arn: arn, heraldParameters: HeraldTargetParameters(signing: signing, channel: channel))
    }

    @Test func validChannelsAreStoredAndRoundTripThroughJSON() async throws {
        let catalog = try CatalogFixtures.catalog(configuration: .init(maxTargetsPerRule: 10))
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        let targets = [
            Self.target("sms", TargetChannel(type: "twilio-sms", correlationIdPath: "$.detail.incident_id", from: "+15550001111")),
            Self.target("wa", TargetChannel(type: "twilio-whatsapp", messagingServiceSid: "MG123")),
            Self.target("mail", TargetChannel(type: "resend-email", from: "A <a@example.com>")),
            Self.target("row", TargetChannel(type: "supabase-upsert", onConflict: ["id", "tenant_id"])),
            Self.target("ding", arn: "https://oapi.dingtalk.com/robot/send?access_token=t", TargetChannel(type: "dingtalk"),
                        signing: BotSigning(type: "dingtalk", secret: "SEC1")),
            Self.target("slack", arn: "https://hooks.slack.com/services/T/B/X", TargetChannel(type: "slack")),
        ]
        #expect(try await catalog.putTargets(rule: "r", eventBusName: nil, targets: targets).isEmpty)
        let stored = try await catalog.listTargets(rule: "r", eventBusName: nil, page: PageRequest())
        #expect(stored.items.sorted { $0.id < $1.id } == targets.sorted { $0.id < $1.id })

        let json = try JSONEncoder().encode(targets[0])
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""Channel":{"#) && text.contains(#""CorrelationIdPath":"$.detail.incident_id""#))
        #expect(try JSONDecoder().decode(Target.self, from: json) == targets[0])
    }

    @Test(arguments: [
        (TargetChannel(type: "pigeon"), destination, "HeraldParameters.Channel.Type for target t must be one of twilio-sms"),
        (TargetChannel(type: "twilio-sms", correlationIdPath: "detail.id"), destination, "CorrelationIdPath for target t is invalid"),
        (TargetChannel(type: "twilio-sms"), "https://api.twilio.com/x", "needs an API destination Arn"),
        (TargetChannel(type: "resend-email"), "arn:aws:sqs:us-east-1:000000000000:q", "needs an API destination Arn"),
        (TargetChannel(type: "slack"), "arn:aws:sqs:us-east-1:000000000000:q", "needs an API destination or an http(s) webhook URL"),
        (TargetChannel(type: "slack", from: "x"), "https://hooks.slack.com/services/x", "From for target t applies only to"),
        (TargetChannel(type: "resend-email", messagingServiceSid: "MG1"), destination, "MessagingServiceSid for target t applies only"),
        (TargetChannel(type: "supabase-insert", onConflict: ["id"]), destination, "OnConflict for target t applies only to supabase-upsert"),
        (TargetChannel(type: "supabase-upsert", onConflict: ["id; drop"]), destination, "'id; drop' is not a column name"),
    ] as [(TargetChannel, String, String)])
    func invalidChannelsFailTheirEntry(channel: TargetChannel, arn: String, message: String) async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        let failures = try await catalog.putTargets(
            rule: "r", eventBusName: nil, targets: [Self.target("t", arn: arn, channel), CatalogFixtures.target("ok")])
        #expect(failures.count == 1)
        #expect(failures.first?.targetId == "t")
        #expect(failures.first?.errorCode == "ValidationException")
        #expect(failures.first?.errorMessage.contains(message) == true, "\(failures.first?.errorMessage ?? "")")
        #expect(try await catalog.listTargets(rule: "r", eventBusName: nil, page: PageRequest()).items.map(\.id) == ["ok"])
    }

    @Test func signingMustMatchTheBotChannel() async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        let url = "https://open.feishu.cn/open-apis/bot/v2/hook/x"
        let failures = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [
            Self.target("mismatch", arn: url, TargetChannel(type: "lark"), signing: BotSigning(type: "dingtalk", secret: "s")),
            Self.target("sms", TargetChannel(type: "twilio-sms"), signing: BotSigning(type: "dingtalk", secret: "s")),
            Self.target("good", arn: url, TargetChannel(type: "lark"), signing: BotSigning(type: "lark", secret: "s")),
        ])
        #expect(failures.map(\.targetId) == ["mismatch", "sms"])
        #expect(failures[0].errorMessage.contains("must match HeraldParameters.Channel.Type lark"))
        #expect(failures[1].errorMessage.contains("applies only to the dingtalk and lark channels"))
    }

    @Test func oversizedChannelMembersFailTheWholeRequest() async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        let channel = TargetChannel(type: "twilio-sms", correlationIdPath: "$." + String(repeating: "a", count: 300))
        let error = await catalogError {
            _ = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [Self.target("t", channel)])
        }
        #expect(error?.code == "ValidationException")
        #expect(error?.message.contains("targets.1.member.heraldParameters.channel.correlationIdPath") == true)
    }
}
