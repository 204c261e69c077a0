import Foundation
import Synchronization
import HeraldCatalog
import HeraldDelivery
import HeraldEngine
import HeraldEvents
import HeraldJSON
import HeraldStorage
import HeraldTestSupport
import NIOPosix
import Testing

@Suite("Delivery engine", .serialized)
struct DeliveryEngineTests {
    @Test("delivers matching events only, transformed, with idempotency headers")
    func deliversMatchingEvents() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.rule(
            "orders", pattern: #"{"source":["app.cdp"],"detail":{"amount":[{"numeric":[">",100]}]}}"#,
            targets: [Target(
                id: "sink", arn: sink.baseURL + "/hook",
                inputTransformer: .init(inputPathsMap: ["a": "$.detail.amount"], inputTemplate: #"{"text":"amount <a>"}"#))])
        try await harness.withEngine { _ in
            let wanted = try await harness.put(source: "app.cdp", detail: #"{"amount":150}"#)
            try await harness.put(source: "app.cdp", detail: #"{"amount":50}"#)
            try await harness.put(source: "other", detail: #"{"amount":500}"#)
            #expect(await eventually { sink.requests.count >= 1 })
            try await Task.sleep(for: .milliseconds(200))
            let requests = sink.requests
            #expect(requests.count == 1)
            #expect(requests.first?.path == "/hook")
            #expect(requests.first?.bodyText == #"{"text":"amount 150"}"#)
            #expect(requests.first?.header("Idempotency-Key") == wanted)
            #expect(requests.first?.header("X-Herald-Event-Id") == wanted)
            #expect(requests.first?.header("User-Agent")?.hasPrefix("Herald/") == true)
        }
        try await sink.shutdown()
        }
    }

    @Test("a 500 is retried with backoff until it succeeds; the retry entry is then removed")
    func retriesUntilSuccess() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        sink.enqueue([.respond(status: 500), .respond(status: 503), .ok])
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            try await harness.put()
            #expect(await eventually { sink.requests.count == 3 })
            let consumer = try #require(try harness.store.consumers.info(named: "target/default/r/t"))
            #expect(await eventually { (try? harness.store.consumers.retryStats(consumer.id).count) == 0 })
            #expect(try harness.store.consumers.deadLetterCount(consumer.id) == 0)
            let attempts = sink.requests.compactMap { $0.header("X-Herald-Attempt") }
            #expect(attempts == ["1", "2", "3"])
        }
        try await sink.shutdown()
        }
    }

    @Test("a 400 is dead-lettered at once with its attempt, status and response excerpt")
    func permanentFailureDeadLetters() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 400, text: "bad field x") }
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            try await harness.put(detail: #"{"k":1}"#)
            let consumer = try #require(await eventuallyConsumer(harness, "target/default/r/t"))
            #expect(await eventually { (try? harness.store.consumers.deadLetterCount(consumer)) == 1 })
            let entry = try #require(try harness.store.consumers.deadLetters(consumer).first)
            #expect(entry.reason.rawValue == "permanent")
            #expect(entry.attempts.count == 1)
            #expect(entry.attempts.first?.statusCode == 400)
            #expect(String(decoding: entry.attempts.first?.responseExcerpt ?? [], as: UTF8.self) == "bad field x")
            let stored = try StoredEvent(decoding: entry.event.payload)
            #expect(String(decoding: stored.envelopeJSON, as: UTF8.self).contains(#""detail":{"k":1}"#))
            #expect(sink.requests.count == 1)
        }
        try await sink.shutdown()
        }
    }

    @Test("after MaximumRetryAttempts the event is dead-lettered with every attempt recorded")
    func retriesExhausted() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start { _ in .respond(status: 502) }
        try await harness.rule(
            "r", pattern: #"{"source":["app.test"]}"#,
            targets: [Target(id: "t", arn: sink.baseURL, retryPolicy: .init(maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60))])
        try await harness.withEngine { _ in
            try await harness.put()
            let consumer = try #require(await eventuallyConsumer(harness, "target/default/r/t"))
            #expect(await eventually { (try? harness.store.consumers.deadLetterCount(consumer)) == 1 }, "requests: \(sink.requests.map(\.uri))")
            #expect(sink.requests.count == 3, "statuses: \(sink.requests.map { $0.header("X-Herald-Attempt") ?? "-" })")
            let entry = try #require(try harness.store.consumers.deadLetters(consumer).first)
            #expect(entry.reason.rawValue == "retries_exhausted")
            #expect(entry.attempts.map(\.statusCode) == [502, 502, 502])
            #expect(sink.requests.count == 3)
        }
        try await sink.shutdown()
        }
    }

    @Test("a hanging target does not delay another target")
    func slowTargetIsolated() async throws {
        try await withHarness { harness in
        let fast = try await TestHTTPServer.start()
        let slow = try await TestHTTPServer.start { _ in .hang }
        try await harness.rule(
            "r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "fast", arn: fast.baseURL), Target(id: "slow", arn: slow.baseURL)])
        try await harness.withEngine { _ in
            let started = ContinuousClock.now
            for _ in 0..<20 { try await harness.put() }
            #expect(await eventually(timeout: .seconds(5)) { fast.requests.count == 20 })
            #expect(ContinuousClock.now - started < .seconds(1.5), "the fast target waited for the hanging one")
        }
        try await fast.shutdown()
        try await slow.shutdown()
        }
    }

    @Test("a target whose endpoint hangs does not delay another target on the same host:port")
    func slowTargetIsolatedOnOneHost() async throws {
        try await withHarness { harness in
        let server = try await TestHTTPServer.start { request in request.path.hasPrefix("/hang") ? .hang : .respond(status: 200) }
        try await harness.rule(
            "r", pattern: #"{"source":["app.test"]}"#,
            targets: [Target(id: "hang", arn: server.baseURL + "/hang"), Target(id: "fast", arn: server.baseURL + "/fast")])
        harness.configuration.requestTimeout = .seconds(6)  // the hanging requests hold their connections throughout
        // The transport `herald serve` uses for http:// targets.
        let transport = PooledHTTP1Transport(fallback: AsyncHTTPClientTransport(client: harness.client), eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        defer { Task { await transport.shutdown() } }
        try await harness.withEngine(transport: transport) { _ in
            let started = ContinuousClock.now
            // More events than a target's window (64): the hanging target fills its window; the other must go on.
            for _ in 0..<100 { try await harness.put() }
            #expect(await eventually(timeout: .seconds(10)) { server.requests.filter { $0.path == "/fast" }.count >= 100 })
            #expect(ContinuousClock.now - started < .seconds(3), "the fast target waited for the hanging one's connections")
        }
        try await server.shutdown()
        }
    }

    @Test("after a restart the target resumes from its durable cursor without re-sending delivered events")
    func resumesFromCursor() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            for index in 0..<10 { try await harness.put(detail: "{\"n\":\(index)}") }
            #expect(await eventually { sink.requests.count == 10 })
        }
        for index in 10..<25 { try await harness.put(detail: "{\"n\":\(index)}") }  // while no engine runs
        try harness.reopen()
        try await harness.withEngine { _ in
            #expect(await eventually { sink.requests.count >= 25 })
            try await Task.sleep(for: .milliseconds(200))
        }
        let numbers = sink.requests.compactMap { try? JSONValue(parsing: $0.body)["detail"]?["n"]?.numberValue?.literal }
        #expect(numbers.count == 25)
        #expect(Set(numbers).count == 25, "an event was delivered twice after a clean restart")
        try await sink.shutdown()
        }
    }

    @Test("removing a target stops its deliveries and deletes its cursor")
    func removingTarget() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        try await harness.withEngine { _ in
            try await harness.put()
            #expect(await eventually { sink.requests.count == 1 })
            _ = try await harness.catalog.removeTargets(rule: "r", eventBusName: nil, ids: ["t"], force: false)
            #expect(await eventually { (try? harness.store.consumers.info(named: "target/default/r/t")) == nil })
            try await harness.put()
            try await Task.sleep(for: .milliseconds(300))
            #expect(sink.requests.count == 1)
        }
        try await sink.shutdown()
        }
    }

    @Test("a DingTalk robot's HTTP 200 with errcode 310000 is a failure, not a delivery")
    func dingTalkBodyErrorIsAFailure() async throws {
        try await withHarness { harness in
        let robot = try await TestHTTPServer.start { _ in
            .respond(status: 200, headers: [("Content-Type", "application/json")], text: #"{"errcode":310000,"errmsg":"sign not match"}"#)
        }
        try await harness.rule(
            "alerts", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "ding", arn: robot.baseURL + "/robot/send?access_token=t")])
        try await harness.withEngine { _ in
            try await harness.put()
            let consumer = try #require(await eventuallyConsumer(harness, "target/default/alerts/ding"))
            #expect(await eventually { (try? harness.store.consumers.deadLetterCount(consumer)) == 1 })
            let entry = try #require(try harness.store.consumers.deadLetters(consumer).first)
            #expect(entry.reason.rawValue == "permanent")
            #expect(entry.attempts.first?.error.contains("310000") == true)
        }
        try await robot.shutdown()
        }
    }

    @Test("pause holds deliveries, resume sends them, seek re-delivers, skip dead-letters without sending")
    func operatorControls() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        let key = TargetKey(bus: "default", rule: "r", targetID: "t")
        try await harness.withEngine { engine in
            let consumer = try #require(await eventuallyConsumer(harness, key.consumerName))
            // The cursor is registered just before the worker is: wait for the worker itself.
            #expect(await eventually { (try? engine.pause(key)) != nil }, "the target's worker never started")
            try await harness.put(detail: #"{"n":1}"#)
            try await Task.sleep(for: .milliseconds(300))
            #expect(sink.requests.isEmpty, "a paused target sent")
            try engine.resume(key)
            #expect(await eventually { sink.requests.count == 1 })
            try await engine.seek(key, toSequence: 1)
            #expect(await eventually { sink.requests.count == 2 }, "seeking back did not re-deliver")
            try engine.pause(key)
            // A seek returns once the new cursor is durable (an acknowledged seek survives a crash).
            #expect(await eventually { sink.requests.count == 2 && (try? harness.store.consumers.cursor(of: consumer)) == 2 })
            try await engine.seek(key, toSequence: 1)
            #expect(try harness.store.consumers.cursor(of: consumer) == 1)
            try await engine.seek(key, toSequence: 2)
            #expect(try harness.store.consumers.cursor(of: consumer) == 2)
            try await harness.put(detail: #"{"n":2}"#)
            let skipped = harness.store.log.lastSequence
            try await engine.skip(key, sequence: skipped)
            #expect(try harness.store.consumers.deadLetters(consumer).first?.reason.rawValue == "skipped")
            // Refused: skipping it again, an event its rule does not match, one it passed already, one not in the log.
            await #expect(throws: EngineControlError.invalidArgument("event \(skipped) is already in the dead-letter queue of default/r/t")) {
                try await engine.skip(key, sequence: skipped)
            }
            try await harness.put(source: "other.app")
            let unmatched = harness.store.log.lastSequence
            await #expect(throws: EngineControlError.self) { try await engine.skip(key, sequence: unmatched) }
            await #expect(throws: EngineControlError.self) { try await engine.skip(key, sequence: 1) }
            await #expect(throws: EngineControlError.notFound("event 999 is not in the log")) { try await engine.skip(key, sequence: 999) }
            #expect(try harness.store.consumers.deadLetterCount(consumer) == 1)
            #expect(throws: EngineControlError.self) { try engine.pause(TargetKey(bus: "default", rule: "nope", targetID: "x")) }
        }
        try await sink.shutdown()
        }
    }

    @Test("an event skipped ahead of the cursor is never sent: not on resume, not after a restart, not from the read-ahead")
    func skippedAheadIsNotSent() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL)])
        let key = TargetKey(bus: "default", rule: "r", targetID: "t")
        func numbers() -> [String] {
            sink.requests.compactMap { try? JSONValue(parsing: $0.body)["detail"]?["n"]?.numberValue?.literal }
        }
        try await harness.withEngine { engine in
            #expect(await eventually { (try? engine.pause(key)) != nil }, "the target's worker never started")
            for n in 1...5 { try await harness.put(detail: "{\"n\":\(n)}") }
            let first = harness.store.log.lastSequence - 4
            try await engine.skip(key, sequence: first + 2)  // n = 3
            try engine.resume(key)
            #expect(await eventually { sink.requests.count == 4 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(numbers().sorted() == ["1", "2", "4", "5"], "\(numbers())")
            // Skipped, then Herald restarts before the target reads it: still not sent.
            try engine.pause(key)
            for n in 6...7 { try await harness.put(detail: "{\"n\":\(n)}") }
            try await engine.skip(key, sequence: harness.store.log.lastSequence - 1)  // n = 6
        }
        try await harness.withEngine { engine in
            #expect(await eventually { (try? engine.resume(key)) != nil })
            #expect(await eventually { sink.requests.count == 5 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(numbers().sorted() == ["1", "2", "4", "5", "7"], "\(numbers())")
            let consumer = try #require(await eventuallyConsumer(harness, key.consumerName))
            #expect(try harness.store.consumers.deadLetters(consumer).map(\.reason.rawValue) == ["skipped", "skipped"])
        }
        try await sink.shutdown()
        }
    }

    @Test("an event put right after PutTargets returns reaches the new target")
    func newTargetSeesImmediateEvents() async throws {
        try await withHarness { harness in
        let sink = try await TestHTTPServer.start()
        try await harness.withEngine { _ in
            for round in 0..<15 {
                try await harness.rule("r\(round)", pattern: "{\"source\":[\"round.\(round)\"]}", targets: [Target(id: "t", arn: sink.baseURL)])
                try await harness.put(source: "round.\(round)")
            }
            #expect(await eventually { sink.requests.count == 15 }, "delivered \(sink.requests.count) of 15")
        }
        try await sink.shutdown()
        }
    }
}

@Suite("Scheduled rules", .serialized)
struct ScheduledRuleTests {
    @Test("a rate(1 minute) rule fires Scheduled Events to its own targets only")
    func scheduledRuleFires() async throws {
        try await withHarness { harness in
            let sink = try await TestHTTPServer.start()
            let other = try await TestHTTPServer.start()
            _ = try await harness.catalog.putRule(PutRuleInput(name: "every-minute", scheduleExpression: "rate(1 minute)"))
            _ = try await harness.catalog.putTargets(rule: "every-minute", eventBusName: nil, targets: [Target(id: "t", arn: sink.baseURL)])
            try await harness.rule("all-aws", pattern: #"{"source":["aws.events"]}"#, targets: [Target(id: "o", arn: other.baseURL)])
            let clock = AdvancedClock()
            try await harness.withEngine(now: { clock.now }) { _ in
                #expect(await eventually { (try? harness.store.consumers.info(named: "target/default/every-minute/t")) != nil })
                try await Task.sleep(for: .milliseconds(100))
                #expect(sink.requests.isEmpty, "fired before its time")
                clock.advance(by: .seconds(61))  // one minute later, the first firing is due
                #expect(await eventually { sink.requests.count >= 1 })
                let event = try JSONValue(parsing: try #require(sink.requests.first).body)
                #expect(event["source"] == "aws.events")
                #expect(event["detail-type"] == "Scheduled Event")
                #expect(event["resources"]?[0]?.stringValue?.hasSuffix(":rule/every-minute") == true)
                try await Task.sleep(for: .milliseconds(200))
                #expect(other.requests.isEmpty, "a scheduled event reached another rule")
            }
            try await sink.shutdown()
            try await other.shutdown()
        }
    }
}

/// The wall clock, shifted forward on demand.
final class AdvancedClock: Sendable {
    private let offset = Mutex(Duration.zero)
    var now: UTCTime { UTCTime.now + offset.withLock { $0 } }
    func advance(by duration: Duration) { offset.withLock { $0 += duration } }
}
