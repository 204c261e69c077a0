import Foundation
import HeraldCatalog
import HeraldChannels
import HeraldEngine
import HeraldJSON
import HeraldTestSupport
import Testing

/// `HeraldParameters.Channel` in the delivery engine: the preset shapes each request, classifies responses and paces
/// the target, whatever the URL looks like.
@Suite("Channel presets in the engine", .serialized)
struct ChannelPresetEngineTests {
    /// Creates a connection and an API destination pointing at `url`; returns the destination ARN.
    static func destination(_ harness: EngineHarness, name: String, url: String, auth: ConnectionAuthParameters, type: String) async throws -> String {
        let connection = try await harness.catalog.createConnection(
            CreateConnectionInput(name: name, authorizationType: type, authParameters: auth))
        let destination = try await harness.catalog.createApiDestination(
            ApiDestinationInput(name: name, connectionArn: connection.arn, invocationEndpoint: url, httpMethod: "POST"))
        return destination.arn
    }

    static func form(_ body: [UInt8]) -> [String: String] {
        Dictionary(FormURLEncoding.decode(body).map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("the catalog accepts exactly the preset types the engine knows")
    func catalogAndEngineAgreeOnTypes() {
        #expect(TargetChannel.types == ChannelPresetType.allCases.map(\.rawValue))
        #expect(TargetChannel.connectionTypes == Set(ChannelPresetType.allCases.filter(\.needsConnection).map(\.rawValue)))
    }

    @Test("Twilio presets send form bodies with whatsapp: prefixes and a StatusCallback carrying the correlation id")
    func twilioShapesTheRequest() async throws {
        try await withHarness { harness in
        harness.configuration.publicBaseURL = "https://herald.example.com/"
        let sink = try await TestHTTPServer.start { _ in .respond(status: 201, text: #"{"sid":"SM1","status":"queued"}"#) }
        let arn = try await Self.destination(
            harness, name: "twilio", url: sink.baseURL + "/any/path",
            auth: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: "AC1", password: "token")), type: "BASIC")
        let transformer = InputTransformer(inputPathsMap: ["phone": "$.detail.phone"], inputTemplate: #"{"To":"<phone>","Body":"hi & bye"}"#)
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
            Target(id: "sms", arn: arn, inputTransformer: transformer, heraldParameters: HeraldTargetParameters(
                channel: TargetChannel(type: "twilio-sms", correlationIdPath: "$.detail.incident", from: "+15550001111"))),
            Target(id: "wa", arn: arn, inputTransformer: transformer, heraldParameters: HeraldTargetParameters(
                channel: TargetChannel(type: "twilio-whatsapp", from: "+15550002222"))),
            // A message with its own Messaging Service has a sender: the channel's From must not be added to it.
            Target(id: "sms-service", arn: arn, inputTransformer: InputTransformer(
                inputPathsMap: ["phone": "$.detail.phone"], inputTemplate: #"{"To":"<phone>","Body":"sms","MessagingServiceSid":"MG1"}"#),
                heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "twilio-sms", from: "+15550001111"))),
            Target(id: "wa-service", arn: arn, inputTransformer: InputTransformer(
                inputPathsMap: ["phone": "$.detail.phone"], inputTemplate: #"{"To":"<phone>","Body":"wa","MessagingServiceSid":"MG2"}"#),
                heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "twilio-whatsapp", from: "+15550002222"))),
        ])
        try await harness.withEngine { _ in
            let id = try await harness.put(detail: #"{"phone":"+15557654321","incident":"INC 7"}"#)
            #expect(await eventually { sink.requests.count == 4 })
            let requests = sink.requests
            for request in requests {
                #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
                #expect(request.header("Authorization") == "Basic " + Data("AC1:token".utf8).base64EncodedString())
            }
            let sms = try #require(requests.map { Self.form($0.body) }.first { $0["To"] == "+15557654321" && $0["Body"] == "hi & bye" })
            #expect(sms["From"] == "+15550001111")
            #expect(sms["Body"] == "hi & bye")
            #expect(sms["StatusCallback"] == "https://herald.example.com/webhooks/twilio?cid=INC+7")
            let whatsapp = try #require(requests.map { Self.form($0.body) }.first { $0["To"] == "whatsapp:+15557654321" && $0["Body"] == "hi & bye" })
            #expect(whatsapp["From"] == "whatsapp:+15550002222")
            // Without a CorrelationIdPath the event id correlates.
            #expect(whatsapp["StatusCallback"] == "https://herald.example.com/webhooks/twilio?cid=" + id)
            let smsService = try #require(requests.map { Self.form($0.body) }.first { $0["Body"] == "sms" })
            #expect(smsService["MessagingServiceSid"] == "MG1" && smsService["From"] == nil)
            #expect(smsService["To"] == "+15557654321")
            let whatsappService = try #require(requests.map { Self.form($0.body) }.first { $0["Body"] == "wa" })
            #expect(whatsappService["MessagingServiceSid"] == "MG2" && whatsappService["From"] == nil)
            #expect(whatsappService["To"] == "whatsapp:+15557654321")
        }
        try await sink.shutdown()
        }
    }

    @Test("Resend presets add the correlation tag, the sender and an Idempotency-Key of the event and the target")
    func resendShapesTheRequest() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 200, text: #"{"id":"em_1"}"#) }
        let arn = try await Self.destination(
            harness, name: "resend", url: sink.baseURL + "/send",
            auth: ConnectionAuthParameters(apiKeyAuthParameters: ApiKeyAuthParameters(apiKeyName: "Authorization", apiKeyValue: "Bearer re_1")),
            type: "API_KEY")
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
            Target(
                id: "mail", arn: arn,
                input: #"{"to":"a@example.com","subject":"s","text":"t","tags":[{"name":"correlation_id","value":"old"},{"name":"k","value":"v"}]}"#,
                heraldParameters: HeraldTargetParameters(channel: TargetChannel(
                    type: "resend-email", correlationIdPath: "$.detail.incident", from: "A <a@example.com>"))),
        ])
        try await harness.withEngine { _ in
            let id = try await harness.put(detail: #"{"incident":"INC:7"}"#)
            #expect(await eventually { sink.requests.count == 1 })
            let request = try #require(sink.requests.first)
            #expect(request.header("Idempotency-Key") == id + "/default/r/mail")
            #expect(request.header("Authorization") == "Bearer re_1")
            let body = try JSONValue(parsing: request.body)
            #expect(body["from"] == "A <a@example.com>")
            #expect(body["to"] == ["a@example.com"])
            // Resend only takes letters, digits, '_' and '-' in tags: "INC:7" travels hex-encoded, and reads back.
            #expect(body["tags"] == [["name": "k", "value": "v"], ["name": "correlation_id", "value": "hx-494e433a37"]])
            #expect(ResendCorrelationTag.id(fromValue: "hx-494e433a37") == "INC:7")
        }
        try await sink.shutdown()
        }
    }

    @Test("two Resend targets paging one event send two keys (Resend answers 409 to one key with two payloads); a retry keeps its key")
    func resendKeysArePerTarget() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { request in
            // The second target's first attempt fails, so its retry shows the key it keeps.
            request.path.hasSuffix("/second") && request.header("X-Herald-Attempt") == "1"
                ? .respond(status: 500) : .respond(status: 200, text: #"{"id":"em_1"}"#)
        }
        let auth = ConnectionAuthParameters(apiKeyAuthParameters: ApiKeyAuthParameters(apiKeyName: "Authorization", apiKeyValue: "Bearer re_1"))
        let first = try await Self.destination(harness, name: "first", url: sink.baseURL + "/first", auth: auth, type: "API_KEY")
        let second = try await Self.destination(harness, name: "second", url: sink.baseURL + "/second", auth: auth, type: "API_KEY")
        let channel = HeraldTargetParameters(channel: TargetChannel(type: "resend-email", from: "A <a@example.com>"))
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
            Target(id: "primary", arn: first, input: #"{"to":"p@example.com","subject":"s","text":"t"}"#, heraldParameters: channel),
            Target(id: "secondary", arn: second, input: #"{"to":"s@example.com","subject":"s","text":"t"}"#, heraldParameters: channel),
        ])
        try await harness.withEngine { _ in
            let id = try await harness.put()
            #expect(await eventually(timeout: .seconds(10)) { sink.requests.count == 3 })
            let keys = sink.requests.map { "\($0.path) \($0.header("Idempotency-Key") ?? "-")" }.sorted()
            #expect(keys == ["/first \(id)/default/r/primary", "/second \(id)/default/r/secondary", "/second \(id)/default/r/secondary"])
        }
        try await sink.shutdown()
        }
    }

    @Test("Supabase presets add Prefer and on_conflict (a target's own Prefer wins); a signed Lark channel wraps text")
    func supabaseAndLark() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { request in
            request.path.hasPrefix("/open-apis/") ? .respond(status: 200, text: #"{"code":0,"msg":"success"}"#) : .respond(status: 201)
        }
        let arn = try await Self.destination(
            harness, name: "db", url: sink.baseURL + "/rest/v1/*",
            auth: ConnectionAuthParameters(apiKeyAuthParameters: ApiKeyAuthParameters(apiKeyName: "apikey", apiKeyValue: "k")), type: "API_KEY")
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
            Target(id: "upsert", arn: arn, inputPath: "$.detail", httpParameters: HttpParameters(pathParameterValues: ["events"]),
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "supabase-upsert", onConflict: ["id", "tenant"]))),
            Target(id: "insert", arn: arn, inputPath: "$.detail",
                   httpParameters: HttpParameters(pathParameterValues: ["log"], headerParameters: ["Prefer": "return=representation"]),
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "supabase-insert"))),
            Target(id: "lark", arn: sink.baseURL + "/open-apis/bot/v2/hook/t", input: #""deploy done""#,
                   heraldParameters: HeraldTargetParameters(signing: BotSigning(type: "lark", secret: "s"), channel: TargetChannel(type: "lark"))),
        ])
        try await harness.withEngine { _ in
            try await harness.put(detail: #"{"id":1,"tenant":"a"}"#)
            #expect(await eventually { sink.requests.count == 3 })
            let upsert = try #require(sink.requests.first { $0.path == "/rest/v1/events" })
            #expect(upsert.query == "on_conflict=id%2Ctenant" || upsert.query == "on_conflict=id,tenant")
            #expect(upsert.header("Prefer") == "return=minimal,resolution=merge-duplicates")
            #expect(upsert.header("apikey") == "k")
            #expect((try? JSONValue(parsing: upsert.body)) == ["id": 1, "tenant": "a"])
            let insert = try #require(sink.requests.first { $0.path == "/rest/v1/log" })
            #expect(insert.header("Prefer") == "return=representation")
            let lark = try JSONValue(parsing: try #require(sink.requests.first { $0.path.hasPrefix("/open-apis/") }).body)
            #expect(lark["msg_type"] == "text" && lark["content"] == ["text": "deploy done"])
            let timestamp = try #require(lark["timestamp"]?.stringValue)
            let sign = try #require(lark["sign"]?.stringValue)
            #expect(try LarkSigner(secret: "s").check(sign: sign, timestamp: timestamp, nowSeconds: try #require(Int64(timestamp))) == .valid)
        }
        try await sink.shutdown()
        }
    }

    @Test("the preset, not the URL, classifies: DingTalk's HTTP 200 errcode -1 is retried on any URL")
    func presetClassifiesResponses() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 200, text: #"{"errcode":0,"errmsg":"ok"}"#) }
        sink.enqueue([
            .respond(status: 200, text: #"{"errcode":-1,"errmsg":"system busy"}"#),
            .respond(status: 200, text: #"{"errcode":-1,"errmsg":"system busy"}"#),
        ])
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
            Target(id: "bot", arn: sink.baseURL + "/bot", input: #""plain text""#,
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "dingtalk"))),
            Target(id: "plain", arn: sink.baseURL + "/plain", input: #"{"msgtype":"text","text":{"content":"x"}}"#),
        ])
        try await harness.withEngine { _ in
            try await harness.put()
            // The channel target is retried after the busy answer; the plain URL took its 200 as success.
            #expect(await eventually(timeout: .seconds(20)) { sink.requests.filter { $0.path == "/bot" }.count >= 2 })
            let bot = sink.requests.filter { $0.path == "/bot" }
            let body = try JSONValue(parsing: try #require(bot.last).body)
            #expect(body == ["msgtype": "text", "text": ["content": "plain text"]])
            try await Task.sleep(for: .milliseconds(300))
            #expect(sink.requests.filter { $0.path == "/plain" }.count == 1)
        }
        try await sink.shutdown()
        }
    }

    @Test("a message the provider cannot take is dead-lettered without a request; a slack channel is paced on any URL")
    func buildErrorsAndPacing() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        let arn = try await Self.destination(
            harness, name: "twilio", url: sink.baseURL + "/twilio",
            auth: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: "AC1", password: "token")), type: "BASIC")
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
            Target(id: "sms", arn: arn, input: #"{"Body":"no recipient"}"#,
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "twilio-sms", from: "+1555"))),
            Target(id: "slack", arn: sink.baseURL + "/hook", input: #""hello""#,
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "slack"))),
        ])
        try await harness.withEngine { _ in
            for _ in 0..<3 { try await harness.put() }
            #expect(await eventually(timeout: .seconds(20)) { sink.requests.filter { $0.path == "/hook" }.count == 3 })
            let times = sink.requests.filter { $0.path == "/hook" }.map(\.receivedAt)
            let span = try #require(times.min()).duration(to: try #require(times.max()))
            #expect(span >= .milliseconds(1_900), "slack channel requests \(span) apart")
            #expect(sink.requests.filter { $0.path == "/hook" }.allSatisfy { (try? JSONValue(parsing: $0.body)) == ["text": "hello"] })
            #expect(sink.requests.filter { $0.path == "/twilio" }.isEmpty)
        }
        try await sink.shutdown()
        }
    }

    @Test("a Lark body over 20 KB is dead-lettered before it is sent (Lark refuses it: 9499), with or without the preset")
    func larkBodyLimit() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 200, text: #"{"code":0,"msg":"success"}"#) }
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
            Target(id: "big", arn: sink.baseURL + "/open-apis/bot/v2/hook/a", inputPath: "$.detail.text",
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "lark"))),
            Target(id: "signed", arn: sink.baseURL + "/open-apis/bot/v2/hook/b", inputPath: "$.detail.message",
                   heraldParameters: HeraldTargetParameters(signing: BotSigning(type: "lark", secret: "s"))),
            Target(id: "small", arn: sink.baseURL + "/open-apis/bot/v2/hook/c", input: #""fits""#,
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "lark"))),
        ])
        try await harness.withEngine { _ in
            let big = String(repeating: "x", count: 21_000)
            try await harness.put(detail: #"{"text":"\#(big)","message":{"msg_type":"text","content":{"text":"\#(big)"}}}"#)
            for id in ["big", "signed"] {
                let consumer = try #require(await eventuallyConsumer(harness, "target/default/r/" + id))
                #expect(await eventually { (try? harness.store.consumers.deadLetterCount(consumer)) == 1 }, "\(id)")
                let entry = try #require(try harness.store.consumers.deadLetters(consumer).first)
                #expect(entry.attempts.first?.error.contains("Lark refuses bodies over 20 KB") == true, "\(entry.attempts)")
            }
            #expect(await eventually { sink.requests.count == 1 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(sink.requests.map(\.path) == ["/open-apis/bot/v2/hook/c"])
        }
        try await sink.shutdown()
        }
    }
}
