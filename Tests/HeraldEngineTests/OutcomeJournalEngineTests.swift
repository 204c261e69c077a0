import HeraldCatalog
import HeraldEngine
import HeraldStorage
import HeraldTestSupport
import Testing

@Suite("Delivery-outcome journal", .serialized)
struct OutcomeJournalEngineTests {
    @Test("with journaling on, every attempt lands in the journal in order: failures, then the delivery")
    func journalsEveryAttempt() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        sink.enqueue([.respond(status: 503), .ok])
        harness.configuration.journalOutcomes = true
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            let id = try await harness.put()
            #expect(await eventually { (try? harness.store.journal.count()) == 2 })
            let records = try harness.store.journal.read(from: 0, limit: 10).compactMap { DeliveryOutcomeRecord(decoding: $0.record) }
            #expect(records.map(\.outcome) == [.failedRetrying, .delivered])
            #expect(records.map(\.attempt) == [1, 2])
            #expect(records.map(\.statusCode) == [503, 200])
            #expect(records.allSatisfy { $0.eventID == id && $0.rule == "r" && $0.target == "t" && $0.bus == "default" })
        }
        try await sink.shutdown()
        }
    }

    @Test("a channel preset's attempts carry its channel, provider and correlation id, failed or not, bots included")
    func presetAttemptsAreAnnotated() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { request in
            request.path.hasPrefix("/open-apis/")
                ? .respond(status: 200, text: #"{"code":0,"msg":"success"}"#)
                : .respond(status: 400, text: #"{"code":21211,"message":"The 'To' number is not a valid phone number."}"#)
        }
        harness.configuration.journalOutcomes = true
        let connection = try await harness.catalog.createConnection(CreateConnectionInput(
            name: "twilio", authorizationType: "BASIC",
            authParameters: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: "AC1", password: "token"))))
        let destination = try await harness.catalog.createApiDestination(ApiDestinationInput(
            name: "twilio", connectionArn: connection.arn, invocationEndpoint: sink.baseURL + "/2010-04-01/Accounts/AC1/Messages.json",
            httpMethod: "POST"))
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
            Target(id: "sms", arn: destination.arn, input: #"{"To":"+15557654321","Body":"P1"}"#,
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(
                       type: "twilio-sms", correlationIdPath: "$.detail.incident", from: "+15550001111"))),
            Target(id: "bot", arn: sink.baseURL + "/open-apis/bot/v2/hook/x", input: #""P1""#,
                   heraldParameters: HeraldTargetParameters(channel: TargetChannel(type: "lark", correlationIdPath: "$.detail.incident"))),
        ])
        try await harness.withEngine { _ in
            try await harness.put(detail: #"{"incident":"INC-9"}"#)
            #expect(await eventually { (try? harness.store.journal.count()) == 2 })
            let records = try harness.store.journal.read(from: 0, limit: 10).compactMap { DeliveryOutcomeRecord(decoding: $0.record) }
            let sms = try #require(records.first { $0.target == "sms" })
            #expect(sms.outcome == .deadLettered)
            #expect(sms.annotation?.channel == "sms")
            #expect(sms.annotation?.provider == "twilio")
            #expect(sms.annotation?.correlationID == "INC-9")
            let bot = try #require(records.first { $0.target == "bot" })
            #expect(bot.outcome == .delivered)
            #expect(bot.annotation == DeliveryAnnotation(provider: "lark", channel: "lark", correlationID: "INC-9"))
        }
        try await sink.shutdown()
        }
    }

    @Test("with journaling off (the default), nothing is written to the journal")
    func journalOffByDefault() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            try await harness.put()
            #expect(await eventually { sink.requests.count == 1 })
            try await Task.sleep(for: .milliseconds(100))
            #expect(try harness.store.journal.count() == 0)
        }
        try await sink.shutdown()
        }
    }

    @Test("a dead-lettered attempt is journaled with its status and reason text")
    func journalsDeadLetters() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 400, text: "nope") }
        harness.configuration.journalOutcomes = true
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            try await harness.put()
            #expect(await eventually { (try? harness.store.journal.count()) == 1 })
            let record = try #require(try harness.store.journal.read(from: 0, limit: 1).first.flatMap { DeliveryOutcomeRecord(decoding: $0.record) })
            #expect(record.outcome == .deadLettered)
            #expect(record.statusCode == 400)
            #expect(record.attempt == 1)
        }
        try await sink.shutdown()
        }
    }
}

@Suite("Delivery-outcome record encoding")
struct DeliveryOutcomeRecordEncodingTests {
    static let full = DeliveryOutcomeRecord(
        eventID: "6f2c…-id", sequence: 1 << 40, bus: "infra", rule: "p1-pager", target: "sms", attempt: 3, time: 1_795_000_000_123,
        latencyMicroseconds: 4_321, outcome: .failedRetrying, statusCode: 503, error: "Service Unavailable ✓",
        annotation: DeliveryAnnotation(
            provider: "twilio", providerMessageID: "SM123", channel: "sms", recipient: "+15550001", correlationID: "INC-42"))
    /// `full` as the journal record an earlier build wrote (JSON).
    static let legacyFull = Array(#"{"id":"6f2c…-id","seq":1099511627776,"bus":"infra","rule":"p1-pager","target":"sms","attempt":3,"time":1795000000123,"latency_us":4321,"outcome":"failed_retrying","status":503,"error":"Service Unavailable ✓","provider":"twilio","provider_message_id":"SM123","channel":"sms","recipient":"+15550001","correlation_id":"INC-42"}"#.utf8)
    static let bare = DeliveryOutcomeRecord(
        eventID: "e", sequence: 7, bus: "default", rule: "r", target: "t", attempt: 1, time: 1, latencyMicroseconds: 0,
        outcome: .delivered)

    @Test("binary records round-trip every field, absent ones included")
    func roundTrip() {
        for record in [Self.full, Self.bare, DeliveryOutcomeRecord(
            eventID: "x", sequence: 0, bus: "", rule: "", target: "", attempt: 0, time: 0, latencyMicroseconds: .max,
            outcome: .deadLettered, statusCode: 0, error: "")]
        {
            let bytes = record.bytes
            #expect(bytes.first == 2)
            var expected = record
            if expected.error?.isEmpty == true { expected.error = nil }
            #expect(DeliveryOutcomeRecord(decoding: bytes) == expected)
        }
        #expect(Self.full.bytes.count < Self.legacyFull.count)
    }

    @Test("the binary layout is pinned byte for byte (journals on disk must stay readable)")
    func pinnedLayout() {
        let record = DeliveryOutcomeRecord(
            eventID: "e", sequence: 2, bus: "b", rule: "r", target: "t", attempt: 1, time: 3, latencyMicroseconds: 4,
            outcome: .delivered, statusCode: 200, error: nil)
        var expected: [UInt8] = [2]
        expected += [0, 0, 0, 0, 0, 0, 0, 2] as [UInt8]  // sequence
        expected += [0, 0, 0, 0, 0, 0, 0, 3] as [UInt8]  // time
        expected += [0, 0, 0, 4, 0, 0, 0, 1, 0] as [UInt8]  // latency, attempt, outcome
        expected += [0, 0, 0, 200] as [UInt8]  // status
        expected += [0, 1, 0x65, 0, 1, 0x62, 0, 1, 0x72, 0, 1, 0x74] as [UInt8]  // "e", "b", "r", "t"
        for _ in 0..<6 { expected += [0xFF, 0xFF] as [UInt8] }  // error and the five annotation strings: absent
        #expect(record.bytes == expected)
        var long = record
        long.error = String(repeating: "é", count: 600)
        let decoded = DeliveryOutcomeRecord(decoding: long.bytes)
        #expect(decoded?.error == String(repeating: "é", count: 512))
    }

    @Test("JSON records written by earlier builds still decode; truncated or unknown records do not")
    func legacyAndDamaged() {
        #expect(DeliveryOutcomeRecord(decoding: Self.legacyFull) == Self.full)
        let bytes = Self.full.bytes
        for cut in [1, 10, 30, bytes.count - 1] {
            #expect(DeliveryOutcomeRecord(decoding: Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
        }
        var badOutcome = bytes
        badOutcome[1 + 8 + 8 + 4 + 4] = 9
        #expect(DeliveryOutcomeRecord(decoding: badOutcome) == nil)
        #expect(DeliveryOutcomeRecord(decoding: [0x05, 1, 2]) == nil)
        #expect(DeliveryOutcomeRecord(decoding: []) == nil)
    }
}
