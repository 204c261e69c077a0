import Foundation
import HeraldAdmin
import Testing

@Suite("Operator times and replay progress")
struct OperatorTimeAndReplayTests {
    let now: UInt64 = 1_795_000_000_000

    @Test("now, ages with and without a minus, ISO 8601 and milliseconds; garbage is nil")
    func parsesTimes() {
        #expect(OperatorTime.parse("now", now: now) == now)
        #expect(OperatorTime.parse(" NOW ", now: now) == now)
        #expect(OperatorTime.parse("-1h", now: now) == now - 3_600_000)
        #expect(OperatorTime.parse("30m", now: now) == now - 1_800_000)
        #expect(OperatorTime.parse("-7d", now: now) == now - 7 * 86_400_000)
        #expect(OperatorTime.parse("2026-11-22T17:00:00Z", now: now) == 1_795_366_800_000)
        #expect(OperatorTime.parse("1795366800000", now: now) == 1_795_366_800_000)
        for bad in ["", "-", "-1x", "-2026-11-22T17:00:00Z", "-123", "yesterday", "1h30m"] {
            #expect(OperatorTime.parse(bad, now: now) == nil, "'\(bad)' must be rejected")
        }
    }

    @Test("replay progress runs from the range start to its end, is 1 when completed and nil before the first batch")
    func replayProgress() throws {
        let json = #"{"State":"RUNNING","EventStartTime":1000,"EventEndTime":2000,"EventLastReplayedTime":1250}"#
        var replay = try JSONDecoder().decode(EventBridgeReplay.self, from: Data(json.utf8))
        #expect(replay.progress == 0.25)
        #expect(!replay.isFinished)
        replay.ReplayStartTime = 1500
        #expect(replay.progress == 0.5, "the range is cut at the replay's start")
        replay.EventLastReplayedTime = nil
        #expect(replay.progress == nil)
        replay.State = "COMPLETED"
        #expect(replay.progress == 1)
        #expect(replay.isFinished)
        #expect(EventBridgeTableRenderer.render(replay).contains("state         COMPLETED"))
    }

    @Test("rules render with their pattern indented and their targets")
    func ruleDetail() throws {
        let rule = try JSONDecoder().decode(
            EventBridgeRule.self,
            from: Data(#"{"Name":"orders","EventPattern":"{\"source\":[\"shop\"]}","State":"ENABLED","EventBusName":"default"}"#.utf8))
        let target = try JSONDecoder().decode(EventBridgeTarget.self, from: Data(#"{"Id":"crm","Arn":"http://127.0.0.1:9/x"}"#.utf8))
        let text = EventBridgeTableRenderer.render(EventBridgeRuleDetail(rule: rule, targets: [target]))
        #expect(text.contains("pattern\n  {\n    \"source\""), "\(text)")
        #expect(text.contains("\n      \"shop\"\n"), "the pattern is indented: \(text)")
        #expect(text.contains("crm") && text.contains("http://127.0.0.1:9/x"))
        #expect(EventBridgeTableRenderer.busName(of: "arn:aws:events:us-east-1:000000000000:event-bus/orders") == "orders")
    }

    @Test("a target keeps every member ListTargetsByRule gave (InputTransformer, RetryPolicy, …) for --output json")
    func targetKeepsEveryMember() throws {
        let json = #"{"Arn":"http://127.0.0.1:9/x","DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:0:dlq"},"HttpParameters":{"HeaderParameters":{"X-A":"1"}},"Id":"tx","InputTransformer":{"InputPathsMap":{"m":"$.detail.m"},"InputTemplate":"{\"text\":\"<m>\"}"},"RetryPolicy":{"MaximumEventAgeInSeconds":3600,"MaximumRetryAttempts":3}}"#
        let target = try JSONDecoder().decode(EventBridgeTarget.self, from: Data(json.utf8))
        #expect(target.others.keys.sorted() == ["DeadLetterConfig", "HttpParameters", "InputTransformer", "RetryPolicy"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(target), as: UTF8.self) == json)
        let rule = try JSONDecoder().decode(EventBridgeRule.self, from: Data(#"{"Name":"r"}"#.utf8))
        let text = EventBridgeTableRenderer.render(EventBridgeRuleDetail(rule: rule, targets: [target]))
        #expect(text.contains(#"InputTransformer: {"text":"<m>"}"#), "\(text)")
    }
}
