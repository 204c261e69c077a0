import Foundation
import HeraldCatalog
import HeraldTestSupport
import Synchronization
import Testing

@testable import HeraldEngine

/// A backlog is read ahead (one window beyond the senders in flight): finishing senders take the next event from
/// there, pause leaves it unsent, and a seek forgets it without wedging the window or an ordering group.
@Suite("Read-ahead of a backlog", .serialized)
struct ReadAheadTests {
    private static func number(_ request: TestHTTPServer.RecordedRequest) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
            let detail = object["detail"] as? [String: Any]
        else { return nil }
        return detail["n"] as? Int
    }

    @Test("paused with the log's last events read ahead and resumed with nothing new put, they are still sent")
    func readAheadSentAfterResume() async throws {
        try await withHarness { harness in
            // Slow answers: the first four requests are still out when the target is paused.
            let sink = try await TestHTTPServer.start { _ in .respondAfter(delay: .seconds(1), status: 200) }
            try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [
                Target(id: "t", arn: sink.baseURL, heraldParameters: HeraldTargetParameters(maxConcurrency: 4)),
            ])
            let key = TargetKey(bus: "default", rule: "r", targetID: "t")
            for n in 0..<8 { try await harness.put(detail: #"{"n":\#(n)}"#) }
            try await harness.withEngine { engine in
                // All eight are read at once: four go out, four wait in the read-ahead, and the loop is at the log's end.
                #expect(await eventually { sink.requests.count >= 4 })
                try engine.pause(key)
                let worker = try #require(engine.registry.worker(for: key))
                #expect(await eventually { worker.shared.withLock { $0.freshSending } == 0 })
                #expect(worker.shared.withLock { $0.readAhead.count } == 4)
                #expect(sink.requests.count == 4, "a paused target sent")
                // Nothing new is put: the resume alone must send them (no append will wake the loop).
                try engine.resume(key)
                #expect(await eventually(timeout: .seconds(20)) { Set(sink.requests.compactMap(Self.number)) == Set(0..<8) },
                        "sent \(sink.requests.compactMap(Self.number).sorted())")
            }
            try await sink.shutdown()
        }
    }

    @Test("a backlog goes out through the read-ahead; paused, it stays unsent; a seek back forgets it and re-delivers all", arguments: [false, true])
    func readAheadPauseSeek(ordered: Bool) async throws {
        try await withHarness { harness in
            let sink = try await TestHTTPServer.start { _ in .respondAfter(delay: .milliseconds(5), status: 200) }
            let parameters = HeraldTargetParameters(maxConcurrency: 2, orderingKeyPath: ordered ? "$.detail.g" : nil)
            try await harness.rule("r", pattern: #"{"source":["app.test"]}"#, targets: [Target(id: "t", arn: sink.baseURL, heraldParameters: parameters)])
            let key = TargetKey(bus: "default", rule: "r", targetID: "t")
            let total = 120
            for n in 0..<total { try await harness.put(detail: #"{"g":"\#(["A", "B", "C", "D"][n % 4])","n":\#(n)}"#) }
            try await harness.withEngine { engine in
                #expect(await eventually { sink.requests.count >= 20 })
                let worker = try #require(engine.registry.worker(for: key))
                // With two senders busy on a backlog, the loop keeps up to one more window read ahead.
                #expect(worker.shared.withLock { $0.readAhead.count } <= 2)
                #expect(worker.readAheadTaken.load(ordering: .relaxed) > 0, "no sender took an event from the read-ahead")
                try engine.pause(key)
                // The requests in flight finish; nothing read ahead is sent while paused.
                #expect(await eventually { worker.shared.withLock { $0.freshSending } == 0 })
                let sentWhilePausing = sink.requests.count
                try await Task.sleep(for: .milliseconds(200))
                #expect(sink.requests.count == sentWhilePausing, "a paused target sent")
                #expect(sentWhilePausing < total)
                // A seek back to the first event while paused: the read-ahead is forgotten, the window drains.
                try await engine.seek(key, toSequence: 1)
                #expect(await eventually { worker.shared.withLock { $0.readAhead.isEmpty && $0.window.isIdle } }, "the seek never drained the window")
                try engine.resume(key)
                // Every event is delivered after the seek (the ones before it, again), none is stuck behind a group.
                #expect(await eventually { sink.requests.count >= sentWhilePausing + total }, "\(sink.requests.count) requests")
                let afterSeek = sink.requests.dropFirst(sentWhilePausing).compactMap(Self.number)
                #expect(Set(afterSeek) == Set(0..<total))
                if ordered {
                    for group in 0..<4 {
                        let mine = afterSeek.filter { $0 % 4 == group }
                        #expect(mine == mine.sorted(), "group \(group) out of order after the seek")
                    }
                }
                // The groups still flow: a new event of each is delivered.
                for n in total..<(total + 4) { try await harness.put(detail: #"{"g":"\#(["A", "B", "C", "D"][n % 4])","n":\#(n)}"#) }
                #expect(await eventually { Set(sink.requests.compactMap(Self.number)).isSuperset(of: Set(total..<(total + 4))) })
            }
            try await sink.shutdown()
        }
    }
}
