import Foundation
import HeraldCatalog
import HeraldEngine
import HeraldTestSupport
import Testing

@Suite("Provider pacing", .serialized)
struct ProviderPacingTests {
    @Test("a Slack webhook target is paced under Slack's 1 message/s; a plain URL is not")
    func slackIsPaced() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.rule(
            "r", pattern: #"{"source":["app.test"]}"#,
            targets: [
                Target(id: "slack", arn: sink.baseURL + "/services/T000/B000/XXXX", input: #"{"text":"hi"}"#),
                Target(id: "plain", arn: sink.baseURL + "/plain", input: #"{"text":"hi"}"#),
            ])
        try await harness.withEngine { _ in
            for _ in 0..<3 { try await harness.put() }
            #expect(await eventually(timeout: .seconds(20)) { sink.requests.filter { $0.path.hasPrefix("/services/") }.count == 3 })
            let slack = sink.requests.filter { $0.path.hasPrefix("/services/") }.map(\.receivedAt)
            let plain = sink.requests.filter { $0.path == "/plain" }.map(\.receivedAt)
            #expect(plain.count == 3)
            let slackSpan = try #require(slack.min()).duration(to: try #require(slack.max()))
            let plainSpan = try #require(plain.min()).duration(to: try #require(plain.max()))
            // 3 requests at 0.95/s with a burst of 1: the last goes out ≥ 2.1 s after the first.
            #expect(slackSpan >= .milliseconds(1_900), "Slack requests \(slackSpan) apart")
            #expect(plainSpan < slackSpan)
        }
        try await sink.shutdown()
        }
    }
}
