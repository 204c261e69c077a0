import Foundation
import HeraldServer
import HummingbirdTesting
import Testing

@Suite struct RuleOperationTests {
    @Test func ruleLifecycle() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let pattern = #"{"source":["app.cdp"],"detail-type":["order_placed","user_activity"]}"#
            let put = try await client.ok("PutRule", json(["Name": "cdp-fanout", "EventPattern": pattern, "Description": "fan out"]))
            #expect(put["RuleArn"] as? String == "arn:aws:events:us-east-1:000000000000:rule/cdp-fanout")
            let described = try await client.ok("DescribeRule", json(["Name": "cdp-fanout"]))
            #expect(described["State"] as? String == "ENABLED")
            #expect(described["EventPattern"] as? String == pattern)
            #expect(described["EventBusName"] as? String == "default")
            #expect(described["CreatedBy"] as? String == "000000000000")
            _ = try await client.ok("DisableRule", json(["Name": "cdp-fanout"]))
            #expect(try await client.ok("DescribeRule", json(["Name": "cdp-fanout"]))["State"] as? String == "DISABLED")
            _ = try await client.ok("EnableRule", json(["Name": "cdp-fanout"]))
            #expect(try await client.ok("DescribeRule", json(["Name": "cdp-fanout"]))["State"] as? String == "ENABLED")
            let listed = try await client.ok("ListRules", json(["NamePrefix": "cdp"]))
            #expect((listed["Rules"] as? [[String: Any]])?.first?["Name"] as? String == "cdp-fanout")
            _ = try await client.ok("DeleteRule", json(["Name": "cdp-fanout"]))
            #expect(try await client.call("DescribeRule", json(["Name": "cdp-fanout"])).errorType == "ResourceNotFoundException")
        }
    }

    @Test func ruleErrors() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let badPattern = try await client.call("PutRule", json(["Name": "r", "EventPattern": #"{"source":"not-an-array"}"#]))
            #expect(badPattern.errorType == "InvalidEventPatternException")
            let badName = try await client.call("PutRule", json(["Name": "no spaces", "EventPattern": #"{"source":["a"]}"#]))
            #expect(badName.errorType == "ValidationException")
            let noBus = try await client.call("PutRule", json(["Name": "r", "EventPattern": #"{"source":["a"]}"#, "EventBusName": "ghost"]))
            #expect(noBus.errorType == "ResourceNotFoundException")
            let unknown = try await client.call("EnableRule", json(["Name": "ghost"]))
            #expect(unknown.errorType == "ResourceNotFoundException")
        }
    }

    @Test func targetsLifecycleAndPerEntryFailures() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            _ = try await client.ok("PutRule", json(["Name": "cdp-alerts", "EventPattern": #"{"detail":{"churn_risk":["high"]}}"#]))
            let targets: [[String: Any]] = [
                [
                    "Id": "dingtalk", "Arn": "arn:aws:events:us-east-1:000000000000:api-destination/dingtalk/abc",
                    "InputTransformer": [
                        "InputPathsMap": ["m": "$.detail.msg"],
                        "InputTemplate": #"{"msgtype":"text","text":{"content":"ALERT: <m>"}}"#,
                    ],
                    "RetryPolicy": ["MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 3600],
                    "DeadLetterConfig": ["Arn": "arn:aws:sqs:us-east-1:000000000000:dlq"],
                    "HttpParameters": ["HeaderParameters": ["Content-Type": "application/json"], "PathParameterValues": ["x"]],
                ],
                ["Id": "broken", "Arn": "arn:x", "Input": "{oops"],
            ]
            let put = try await client.ok("PutTargets", json(["Rule": "cdp-alerts", "Targets": targets]))
            #expect(put["FailedEntryCount"] as? Int == 1)
            let failed = try #require(put["FailedEntries"] as? [[String: Any]])
            #expect(failed.first?["TargetId"] as? String == "broken")
            #expect(failed.first?["ErrorCode"] as? String == "ValidationException")

            let listed = try await client.ok("ListTargetsByRule", json(["Rule": "cdp-alerts"]))
            let stored = try #require((listed["Targets"] as? [[String: Any]])?.first)
            #expect(stored["Id"] as? String == "dingtalk")
            #expect((stored["RetryPolicy"] as? [String: Any])?["MaximumRetryAttempts"] as? Int == 3)
            #expect(((stored["InputTransformer"] as? [String: Any])?["InputPathsMap"] as? [String: String]) == ["m": "$.detail.msg"])
            #expect(((stored["HttpParameters"] as? [String: Any])?["HeaderParameters"] as? [String: String]) == ["Content-Type": "application/json"])

            let names = try await client.ok("ListRuleNamesByTarget", json(["TargetArn": "arn:aws:events:us-east-1:000000000000:api-destination/dingtalk/abc"]))
            #expect(names["RuleNames"] as? [String] == ["cdp-alerts"])

            let refused = try await client.call("DeleteRule", json(["Name": "cdp-alerts"]))
            #expect(refused.errorType == "ValidationException")

            let removed = try await client.ok("RemoveTargets", json(["Rule": "cdp-alerts", "Ids": ["dingtalk", "nope"]]))
            #expect(removed["FailedEntryCount"] as? Int == 1)
            #expect((removed["FailedEntries"] as? [[String: Any]])?.first?["TargetId"] as? String == "nope")
            _ = try await client.ok("DeleteRule", json(["Name": "cdp-alerts"]))

            let tooMany = (1...6).map { ["Id": "t\($0)", "Arn": "arn:x"] }
            _ = try await client.ok("PutRule", json(["Name": "wide", "EventPattern": #"{"source":["a"]}"#]))
            let limit = try await client.call("PutTargets", json(["Rule": "wide", "Targets": tooMany]))
            #expect(limit.errorType == "LimitExceededException")
            let noRule = try await client.call("PutTargets", json(["Rule": "ghost", "Targets": [["Id": "t", "Arn": "arn:x"]]]))
            #expect(noRule.errorType == "ResourceNotFoundException")
        }
    }

    @Test("ListTargetsByRule masks the tokens in bot webhook URLs; PutTargets refuses a masked URL put back")
    func botWebhookTokensAreMasked() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            _ = try await client.ok("PutRule", json(["Name": "bots", "EventPattern": #"{"source":["a"]}"#]))
            let urls = [
                "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=6f1e2d3c4b5a&x=1",
                "lark": "https://open.feishu.cn/open-apis/bot/v2/hook/0f8e2c71-aaaa-bbbb",
                "slack": "https://hooks.slack.com/services/T0001/B0002/XyZsecret",
                "plain": "http://127.0.0.1:9/hooks/orders?key=visible",
            ]
            let put = try await client.ok(
                "PutTargets", json(["Rule": "bots", "Targets": urls.sorted { $0.key < $1.key }.map { ["Id": $0.key, "Arn": $0.value] }]))
            #expect(put["FailedEntryCount"] as? Int == 0)
            let listed = try await client.ok("ListTargetsByRule", json(["Rule": "bots"]))
            let arns = Dictionary(
                uniqueKeysWithValues: (listed["Targets"] as? [[String: Any]] ?? []).compactMap { target -> (String, String)? in
                    guard let id = target["Id"] as? String, let arn = target["Arn"] as? String else { return nil }
                    return (id, arn)
                })
            #expect(arns["dingtalk"] == "https://oapi.dingtalk.com/robot/send?access_token=****&x=1")
            #expect(arns["lark"] == "https://open.feishu.cn/open-apis/bot/v2/hook/****")
            #expect(arns["slack"] == "https://hooks.slack.com/services/****/****/****")
            #expect(arns["plain"] == urls["plain"])
            for (id, arn) in arns { #expect(!arn.contains("6f1e2d3c4b5a") && !arn.contains("0f8e2c71") && !arn.contains("XyZsecret"), "\(id)") }

            let back = try await client.ok("PutTargets", json(["Rule": "bots", "Targets": [["Id": "dingtalk", "Arn": arns["dingtalk"] ?? ""]]]))
            #expect(back["FailedEntryCount"] as? Int == 1)
            let entry = try #require((back["FailedEntries"] as? [[String: Any]])?.first)
            #expect(entry["ErrorCode"] as? String == "ValidationException")
            #expect((entry["ErrorMessage"] as? String)?.contains("masked secret") == true)

            // ListRuleNamesByTarget finds the rule by the full URL and by the masked one ListTargetsByRule shows.
            for arn in [urls["slack"] ?? "", arns["slack"] ?? ""] {
                let names = try await client.ok("ListRuleNamesByTarget", json(["TargetArn": arn]))
                #expect(names["RuleNames"] as? [String] == ["bots"], "\(arn)")
            }
        }
    }

    @Test func pagingThroughTheAPI() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            for index in 0..<7 {
                _ = try await client.ok("PutRule", json(["Name": "r\(index)", "EventPattern": #"{"source":["a"]}"#]))
            }
            var names: [String] = []
            var token: String?
            for _ in 0..<5 {
                var body: [String: Any] = ["Limit": 3]
                if let token { body["NextToken"] = token }
                let page = try await client.ok("ListRules", json(body))
                names += (page["Rules"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String }
                token = page["NextToken"] as? String
                if token == nil { break }
            }
            #expect(names == (0..<7).map { "r\($0)" })
            let bad = try await client.call("ListRules", json(["NextToken": "bogus"]))
            #expect(bad.errorType == "ValidationException")
            let limit = try await client.call("ListRules", json(["Limit": 0]))
            #expect(limit.errorType == "ValidationException")
        }
    }
}
