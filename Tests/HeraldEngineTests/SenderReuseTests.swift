import HeraldCatalog
import HeraldEvents
import HeraldJSON
import HeraldTestSupport
import Testing

@testable import HeraldEngine

/// The fresh-event loop's senders are long-lived tasks reused from event to event, and a rule's pattern is matched
/// once per event for all of its targets.
@Suite("Sender reuse and shared matching")
struct SenderReuseTests {
    @Test("300 events through a window of 4 start at most two windows' worth of senders; idle or paused, senders are let go")
    func sendersAreReused() async throws {
        try await withHarness { harness in
            let sink = try await TestHTTPServer.start()
            try await harness.rule(
                "r", pattern: #"{"source":["app.test"]}"#,
                targets: [Target(id: "t", arn: sink.baseURL, heraldParameters: HeraldTargetParameters(maxConcurrency: 4))])
            try await harness.withEngine { engine in
                for index in 0..<300 { try await harness.put(detail: #"{"n":\#(index)}"#) }
                #expect(await eventually(timeout: .seconds(20)) { sink.requests.count >= 300 })
                let worker = try #require(engine.registry.worker(for: TargetKey(bus: "default", rule: "r", targetID: "t")))
                let started = worker.sendersStarted.load(ordering: .relaxed)
                #expect(started >= 1)
                #expect(started <= 8, "\(started) sender tasks for 300 events: senders are not being reused")
                // With nothing to send for over 2 s, every sender ends: each parks once its last acknowledgement is
                // recorded (a moment after the sink saw the request) and is let go by the idle rule. Counted, not
                // sampled: a loaded box may park and release them between two looks at the pool.
                #expect(await eventually(timeout: .seconds(15)) {
                    worker.sendersEnded.load(ordering: .relaxed) == worker.sendersStarted.load(ordering: .relaxed)
                })
                #expect(worker.parkedSenders == 0)
                // And new events start new senders, which deliver.
                for index in 0..<10 { try await harness.put(detail: #"{"m":\#(index)}"#) }
                #expect(await eventually(timeout: .seconds(10)) { sink.requests.count >= 310 })
                #expect(worker.sendersStarted.load(ordering: .relaxed) > started, "new events after the idle period started no new senders")
                // A sender parks once its last acknowledgement is recorded, which can come a moment after the sink
                // saw the request; wait for that (well inside the 2 s idle rule) before pausing.
                #expect(await eventually(timeout: .seconds(2)) { worker.parkedSenders >= 1 })
                // Pausing lets the parked senders go at once (well before the 2 s idle rule).
                try engine.pause(TargetKey(bus: "default", rule: "r", targetID: "t"))
                #expect(await eventually(timeout: .seconds(1)) { worker.parkedSenders == 0 })
            }
            try await sink.shutdown()
        }
    }

    @Test("a rule matcher remembers answers by sequence, keeps slots apart, and never answers for sequence 0")
    func ruleMatcherMemory() throws {
        let matcher = try #require(try RuleMatcher.make(pattern: #"{"detail":{"n":[{"numeric":[">",5]}]}}"#, capacity: 8))
        let big = try JSONValue(parsing: Array(#"{"source":"s","detail":{"n":9}}"#.utf8))
        let small = try JSONValue(parsing: Array(#"{"source":"s","detail":{"n":1}}"#.utf8))
        #expect(matcher.matches(big, sequence: 1))
        #expect(!matcher.matches(small, sequence: 2))
        // The remembered answer is returned for the same sequence (records never change)…
        #expect(matcher.matches(small, sequence: 1))
        // …but sequence 9 shares slot 1 and replaces it: it is matched afresh, and so is 1 afterwards.
        #expect(!matcher.matches(small, sequence: 9))
        #expect(matcher.matches(big, sequence: 1))
        // Without a sequence (or with 0, never a log sequence) nothing is remembered.
        #expect(!matcher.matches(small, sequence: nil))
        #expect(matcher.matches(big, sequence: 0))
        #expect(!matcher.matches(small, sequence: 0))
        #expect(try RuleMatcher.make(pattern: nil) == nil)
        #expect(throws: TargetPlanError.self) { try RuleMatcher.make(pattern: #"{"source":"not-an-array"}"#) }
    }
}
