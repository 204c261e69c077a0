import HeraldCatalog
import HeraldChannels
import HeraldEngine
import HeraldJSON
import HeraldTestSupport
import Testing

@Suite("Bot request signing", .serialized)
struct BotSigningEngineTests {
    @Test("a DingTalk target with HeraldParameters.Signing gets a valid timestamp and sign on its URL")
    func dingTalkSignsTheURL() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 200, text: #"{"errcode":0,"errmsg":"ok"}"#) }
        try await harness.rule(
            "r", pattern: #"{"source":["app.test"]}"#,
            targets: [Target(
                id: "ding", arn: sink.baseURL + "/robot/send?access_token=abc", input: #"{"msgtype":"text","text":{"content":"hi"}}"#,
                heraldParameters: HeraldTargetParameters(signing: BotSigning(type: "dingtalk", secret: "SEC-test-secret")))])
        try await harness.withEngine { _ in
            try await harness.put()
            #expect(await eventually { sink.requests.count == 1 })
            let request = try #require(sink.requests.first)
            let query = request.uri.split(separator: "?").last.map(String.init) ?? ""
            var fields: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { fields[parts[0]] = parts[1].removingPercentEncoding }
            }
            #expect(fields["access_token"] == "abc")
            let timestamp = try #require(fields["timestamp"].flatMap { Int64($0) })
            let sign = try #require(fields["sign"])
            let signer = try DingTalkSigner(secret: "SEC-test-secret")
            #expect(signer.check(sign: sign, timestampMilliseconds: timestamp, nowMilliseconds: timestamp) == .valid)
            #expect(signer.check(sign: sign, timestampMilliseconds: timestamp + 1, nowMilliseconds: timestamp) == .signatureMismatch)
        }
        try await sink.shutdown()
        }
    }

    @Test("a Lark target with HeraldParameters.Signing gets a valid timestamp and sign in its JSON body")
    func larkSignsTheBody() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 200, text: #"{"code":0,"msg":"success"}"#) }
        try await harness.rule(
            "r", pattern: #"{"source":["app.test"]}"#,
            targets: [Target(
                id: "lark", arn: sink.baseURL + "/open-apis/bot/v2/hook/xyz", input: #"{"msg_type":"text","content":{"text":"hi"}}"#,
                heraldParameters: HeraldTargetParameters(signing: BotSigning(type: "lark", secret: "lark-secret")))])
        try await harness.withEngine { _ in
            try await harness.put()
            #expect(await eventually { sink.requests.count == 1 })
            let body = try JSONValue(parsing: try #require(sink.requests.first).body)
            #expect(body["msg_type"] == "text")
            #expect(body.objectValue?.members.prefix(2).map(\.key) == ["timestamp", "sign"], "signed members first, as Lark writes them")
            let timestamp = try #require(body["timestamp"]?.stringValue)
            let sign = try #require(body["sign"]?.stringValue)
            let signer = try LarkSigner(secret: "lark-secret")
            let now = try #require(Int64(timestamp))
            #expect(signer.check(sign: sign, timestamp: timestamp, nowSeconds: now) == .valid)
        }
        try await sink.shutdown()
        }
    }

    @Test("Lark's invalid timestamp (19021) is retried once, re-signed, then dead-lettered as permanent")
    func larkInvalidTimestampIsPermanentAfterOneRetry() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in
            .respond(status: 200, text: #"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}"#)
        }
        try await harness.rule(
            "r", pattern: #"{"source":["app.test"]}"#,
            targets: [Target(
                id: "lark", arn: sink.baseURL + "/open-apis/bot/v2/hook/xyz", input: #"{"msg_type":"text","content":{"text":"hi"}}"#,
                retryPolicy: .init(maximumRetryAttempts: 5, maximumEventAgeInSeconds: 60),
                heraldParameters: HeraldTargetParameters(signing: BotSigning(type: "lark", secret: "lark-secret")))])
        try await harness.withEngine { _ in
            try await harness.put()
            let consumer = try #require(await eventuallyConsumer(harness, "target/default/r/lark"))
            #expect(await eventually { (try? harness.store.consumers.deadLetterCount(consumer)) == 1 }, "requests: \(sink.requests.count)")
            let entry = try #require(try harness.store.consumers.deadLetters(consumer).first)
            #expect(entry.reason.rawValue == "permanent")
            #expect(entry.attempts.count == 2, "one retry with a fresh signature, not all five")
            #expect(sink.requests.count == 2)
            let signs = try sink.requests.map { try JSONValue(parsing: $0.body)["sign"]?.stringValue }
            #expect(signs.allSatisfy { $0 != nil })
        }
        try await sink.shutdown()
        }
    }
}
