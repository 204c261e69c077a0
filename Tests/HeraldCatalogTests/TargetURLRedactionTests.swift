import Testing

@testable import HeraldCatalog

@Suite("Bot webhook URLs are masked for API output")
struct TargetURLRedactionTests {
    @Test(
        "what is masked and what is left",
        arguments: [
            ("https://oapi.dingtalk.com/robot/send?access_token=abc", "https://oapi.dingtalk.com/robot/send?access_token=****"),
            ("HTTPS://oapi.dingtalk.com/robot/send?x=1&ACCESS_TOKEN=abc#f", "HTTPS://oapi.dingtalk.com/robot/send?x=1&ACCESS_TOKEN=****#f"),
            ("https://open.larksuite.com/open-apis/bot/v2/hook/tok-1", "https://open.larksuite.com/open-apis/bot/v2/hook/****"),
            ("https://hooks.slack.com/services/T1/B2/sec", "https://hooks.slack.com/services/****/****/****"),
            ("https://hooks.slack.com/services/T1/B2/sec?x=1", "https://hooks.slack.com/services/****/****/****?x=1"),
            // Only the shapes above: other URLs, other paths named "services" or "hook", and ARNs are left alone.
            ("https://example.com/services/a/b", "https://example.com/services/a/b"),
            ("https://example.com/hook/a", "https://example.com/hook/a"),
            ("http://127.0.0.1:8080/alerts?token=t", "http://127.0.0.1:8080/alerts?token=t"),
            ("arn:aws:events:us-east-1:000000000000:api-destination/d/abc", "arn:aws:events:us-east-1:000000000000:api-destination/d/abc"),
        ])
    func masks(_ input: String, _ expected: String) {
        #expect(TargetURLRedaction.redacted(input) == expected)
    }

    @Test("a URL holding the mask is recognised; ARNs and clean URLs are not")
    func holdsMask() {
        #expect(TargetURLRedaction.holdsMask("https://hooks.slack.com/services/****/****/****"))
        #expect(!TargetURLRedaction.holdsMask("https://hooks.slack.com/services/T1/B2/sec"))
        #expect(!TargetURLRedaction.holdsMask("arn:aws:sqs:us-east-1:000000000000:****"))
    }

    @Test("a target put with a masked URL is refused with a clear message")
    func maskedTargetRefused() {
        let target = Target(id: "bot", arn: "https://oapi.dingtalk.com/robot/send?access_token=****")
        #expect(target.semanticProblem()?.contains("masked secret") == true)
        #expect(Target(id: "bot", arn: "https://oapi.dingtalk.com/robot/send?access_token=abc").semanticProblem() == nil)
    }
}
