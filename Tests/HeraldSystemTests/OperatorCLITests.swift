import AsyncHTTPClient
import Foundation
import HeraldClient
import HeraldTestSupport
import NIOPosix
import Synchronization
import Testing

/// The operator CLI against a real server: inspect, redrive and purge a dead-letter queue, pause and resume a target.
@Suite("Operator CLI", .serialized, .timeLimit(.minutes(5)))
struct OperatorCLITests {
    @Test("status, dlq list/show/redrive/purge and target pause/resume")
    func dlqLifecycle() async throws {
        let accepting = Atomic<Bool>(false)
        let sink = try await TestHTTPServer.start { _ in accepting.load(ordering: .relaxed) ? .ok : .respond(status: 400, text: "rejected") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            try await server.start(environment: ["HERALD_ADMIN_TOKEN": "cli-secret"])
            _ = try await server.call("PutRule", #"{"Name":"ops","EventPattern":"{\"source\":[\"ops.test\"]}"}"#, client: client)
            _ = try await server.call("PutTargets", #"{"Rule":"ops","Targets":[{"Id":"sink","Arn":"\#(sink.baseURL)"}]}"#, client: client)
            let admin = ["--endpoint", server.endpoint, "--token", "cli-secret"]
            let target = "default/ops/sink"

            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            for index in 0..<3 { _ = try await producer.put(PutEntry(source: "ops.test", detailType: "t", detail: "{\"n\":\(index)}")) }
            var listed = ""
            for _ in 0..<200 {
                listed = try await HeraldCLI.run(["dlq", "list", "--target", target, "--output", "json"] + admin).1
                if listed.components(separatedBy: "\"sequence\"").count - 1 == 3 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(listed.components(separatedBy: "\"sequence\"").count - 1 == 3, "three dead letters expected: \(listed)")

            let (statusCode, status) = try await HeraldCLI.run(["status"] + admin)
            #expect(statusCode == 0 && status.contains(target), "\(status)")
            #expect(try await HeraldCLI.run(["status", "--endpoint", server.endpoint, "--token", "wrong"]).0 != 0, "a wrong token must fail")

            let (_, shown) = try await HeraldCLI.run(["dlq", "show", target, "1"] + admin)
            #expect(shown.contains("400") && shown.contains("rejected"), "\(shown)")

            accepting.store(true, ordering: .relaxed)
            let (redriveCode, redriven) = try await HeraldCLI.run(["dlq", "redrive", "--target", target, "1"] + admin)
            #expect(redriveCode == 0, "\(redriven)")
            _ = await eventually(timeout: .seconds(10)) { sink.requests.filter { $0.bodyText.contains("\"n\":0") }.count >= 2 }
            #expect(sink.requests.filter { $0.bodyText.contains("\"n\":0") }.count == 2, "the redriven event was not re-delivered")

            #expect(try await HeraldCLI.run(["target", "pause", target] + admin).0 == 0)
            let before = sink.requests.count
            _ = try await producer.put(PutEntry(source: "ops.test", detailType: "t", detail: #"{"n":9}"#))
            try await Task.sleep(for: .milliseconds(400))
            #expect(sink.requests.count == before, "a paused target sent")
            #expect(try await HeraldCLI.run(["target", "resume", target] + admin).0 == 0)
            // A refused control says why in words, not as the API's JSON.
            let (skipCode, skipOutput) = try await HeraldCLI.run(["target", "skip", target, "--sequence", "999999"] + admin)
            #expect(skipCode == 1)
            #expect(skipOutput.contains("error: server answered 404: event 999999 is not in the log"), "\(skipOutput)")
            _ = await eventually(timeout: .seconds(10)) { sink.requests.count > before }
            #expect(sink.requests.count == before + 1)
            try await producer.close()

            let (refusedCode, refused) = try await HeraldCLI.run(["dlq", "purge", "--target", target] + admin)
            #expect(refusedCode != 0, "purge without --yes and without a terminal must refuse: \(refused)")
            #expect(try await HeraldCLI.run(["dlq", "purge", "--target", target, "--yes"] + admin).0 == 0)
            let remaining = try await HeraldCLI.run(["dlq", "list", "--target", target, "--output", "json"] + admin).1
            #expect(!remaining.contains("\"sequence\""), "\(remaining)")
            #expect(await server.stop(signal: SIGTERM) == 0)
        } catch {
            await server.stop(signal: SIGKILL)
            try await client.shutdown()
            try await sink.shutdown()
            throw error
        }
        try await client.shutdown()
        try await sink.shutdown()
    }
}
