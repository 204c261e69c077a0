import Foundation
import HeraldCatalog
import HeraldEngine
import HeraldStorage
import HeraldTestSupport
import Synchronization
import Testing

/// The sliding window and per-group ordering (`HeraldParameters.OrderingKeyPath`), against a real store and a real
/// loopback HTTP sink.
@Suite("Sliding window and per-group ordering", .serialized)
struct OrderedDeliveryTests {
    /// The `n` and `g` of a sink request's body (the matched event, sent as is).
    private static func fields(_ request: TestHTTPServer.RecordedRequest) -> (g: String, n: Int)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
            let detail = object["detail"] as? [String: Any], let n = detail["n"] as? Int
        else { return nil }
        return (detail["g"] as? String ?? "", n)
    }

    private static func orderedTarget(_ url: String, window: Int = 16) -> Target {
        Target(id: "t", arn: url, heraldParameters: HeraldTargetParameters(maxConcurrency: window, orderingKeyPath: "$.detail.g"))
    }

    @Test("the window slides: a hung request holds back only itself, the next event goes out as soon as one finishes")
    func windowSlides() async throws {
        try await withHarness { harness in
            let sink = try await TestHTTPServer.start { request in
                Self.fields(request)?.n == 1 ? .hang : .ok
            }
            try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
                Target(id: "t", arn: sink.baseURL, heraldParameters: HeraldTargetParameters(maxConcurrency: 3, requestTimeoutSeconds: 120)),
            ])
            try await harness.withEngine { _ in
                for n in 0..<4 { try await harness.put(detail: #"{"n":\#(n)}"#) }
                // A lock-step window of 3 would send event 3 only after event 1's request ended (a 120 s timeout); a
                // sliding one sends it as soon as event 0 is recorded.
                #expect(await eventually(timeout: .seconds(30)) { sink.requests.contains { Self.fields($0)?.n == 3 } })
                #expect(sink.requests.contains { Self.fields($0)?.n == 2 })
            }
            try await sink.shutdown()
        }
    }

    @Test("events of one group go out one at a time in log order while other groups flow")
    func groupsInOrder() async throws {
        try await withHarness { harness in
            let sink = try await TestHTTPServer.start { _ in .respondAfter(delay: .milliseconds(300), status: 200) }
            try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Self.orderedTarget(sink.baseURL)])
            // All nine events are in the log before the engine starts, so the timing below is the engine's alone
            // (nine durable puts under a loaded CI machine can take longer than one answer).
            for n in 0..<9 { try await harness.put(detail: #"{"g":"\#(["A", "B", "C"][n % 3])","n":\#(n)}"#) }
            try await harness.withEngine { _ in
                #expect(await eventually(timeout: .seconds(30)) { sink.requests.count == 9 })
            }
            let requests = sink.requests
            let start = try #require(requests.first?.receivedAt)
            for group in ["A", "B", "C"] {
                let mine = requests.filter { Self.fields($0)?.g == group }
                #expect(mine.compactMap { Self.fields($0)?.n } == mine.compactMap { Self.fields($0)?.n }.sorted())
                // One at a time: each request of the group arrives after the previous one's 300 ms answer.
                for (earlier, later) in zip(mine, mine.dropFirst()) {
                    #expect(earlier.receivedAt.duration(to: later.receivedAt) >= .milliseconds(250))
                }
                // Groups flow side by side: every group's first request went out before the first answer came back.
                #expect(start.duration(to: try #require(mine.first?.receivedAt)) < .milliseconds(250))
            }
            try await sink.shutdown()
        }
    }

    @Test("a failing event holds back only its own group; the group's later events are held durably and follow in order")
    func failingEventBlocksOnlyItsGroup() async throws {
        try await withHarness { harness in
            let failing = Atomic<Bool>(true)
            let sink = try await TestHTTPServer.start { request in
                guard let fields = Self.fields(request) else { return .ok }
                return fields.g == "A" && fields.n == 0 && failing.load(ordering: .relaxed) ? .respond(status: 503) : .ok
            }
            try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Self.orderedTarget(sink.baseURL)])
            try await harness.withEngine { _ in
                try await harness.put(detail: #"{"g":"A","n":0}"#)
                try await harness.put(detail: #"{"g":"A","n":1}"#)
                try await harness.put(detail: #"{"g":"B","n":2}"#)
                try await harness.put(detail: #"{"g":"A","n":3}"#)
                try await harness.put(detail: #"{"g":"B","n":4}"#)
                let consumer = try #require(await eventuallyConsumer(harness, "target/default/r/t"))
                #expect(await eventually { sink.requests.filter { Self.fields($0)?.g == "B" }.count == 2 })
                #expect(await eventually { (try? harness.store.consumers.retryStats(consumer).held) == 2 })
                #expect(await eventually { (try? harness.store.consumers.cursor(of: consumer)) == 6 })
                #expect(!sink.requests.contains { Self.fields($0)?.n == 1 || Self.fields($0)?.n == 3 })
                failing.store(false, ordering: .relaxed)
                #expect(await eventually { sink.requests.contains { Self.fields($0)?.n == 3 } })
                #expect(await eventually { (try? harness.store.consumers.retryStats(consumer).count) == 0 })
            }
            let groupA = sink.requests.compactMap(Self.fields).filter { $0.g == "A" }.map(\.n)
            // 0 failed one or more times, then succeeded; 1 and 3 were sent once each, after it, in order.
            #expect(groupA.filter { $0 != 0 } == [1, 3])
            #expect(groupA.lastIndex(of: 0)! < groupA.firstIndex(of: 1)!)
            try await sink.shutdown()
        }
    }

    @Test("held events survive a restart and are released in order")
    func heldEventsSurviveRestart() async throws {
        try await withHarness { harness in
            let failing = Atomic<Bool>(true)
            let sink = try await TestHTTPServer.start { request in
                guard let fields = Self.fields(request) else { return .ok }
                return fields.n == 0 && failing.load(ordering: .relaxed) ? .respond(status: 500) : .ok
            }
            try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Self.orderedTarget(sink.baseURL)])
            var consumer: ConsumerID?
            try await harness.withEngine { _ in
                for n in 0..<4 { try await harness.put(detail: #"{"g":"A","n":\#(n)}"#) }
                consumer = await eventuallyConsumer(harness, "target/default/r/t")
                let id = try #require(consumer)
                #expect(await eventually { (try? harness.store.consumers.retryStats(id).held) == 3 })
            }
            #expect(!sink.requests.contains { (Self.fields($0)?.n ?? 0) > 0 })
            try harness.reopen()
            failing.store(false, ordering: .relaxed)
            try await harness.withEngine { _ in
                let id = try #require(consumer)
                #expect(await eventually { (try? harness.store.consumers.retryStats(id).count) == 0 })
                #expect(await eventually { sink.requests.contains { Self.fields($0)?.n == 3 } })
            }
            let sent = sink.requests.compactMap(Self.fields).map(\.n).filter { $0 != 0 }
            #expect(sent == [1, 2, 3])
            try await sink.shutdown()
        }
    }

    @Test("an operator skipping a group's failing event releases the events held behind it")
    func skipReleasesGroup() async throws {
        try await withHarness { harness in
            let sink = try await TestHTTPServer.start { request in
                Self.fields(request)?.n == 0 ? .respond(status: 500) : .ok
            }
            try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Self.orderedTarget(sink.baseURL)])
            try await harness.withEngine { engine in
                for n in 0..<3 { try await harness.put(detail: #"{"g":"A","n":\#(n)}"#) }
                let consumer = try #require(await eventuallyConsumer(harness, "target/default/r/t"))
                #expect(await eventually { (try? harness.store.consumers.retryStats(consumer).held) == 2 })
                let blocker = try #require(try harness.store.consumers.retryIndex(of: consumer).first { $0.dueTime != RetryEntry.heldDueTime })
                try await engine.skip(TargetKey(bus: "default", rule: "r", targetID: "t"), sequence: blocker.sequence)
                #expect(await eventually { sink.requests.contains { Self.fields($0)?.n == 2 } })
                #expect(await eventually { (try? harness.store.consumers.retryStats(consumer).count) == 0 })
                #expect(try harness.store.consumers.deadLetterCount(consumer) == 1)
            }
            #expect(sink.requests.compactMap(Self.fields).map(\.n).filter { $0 != 0 } == [1, 2])
            try await sink.shutdown()
        }
    }
}
