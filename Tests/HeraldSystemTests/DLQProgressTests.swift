import AsyncHTTPClient
import Foundation
import HeraldClient
import HeraldTestSupport
import NIOPosix
import Synchronization
import Testing

/// `herald dlq redrive` / `purge` of a large queue go page by page with progress lines (not a terminal here).
@Suite("Operator CLI: DLQ progress", .serialized, .timeLimit(.minutes(5)))
struct DLQProgressTests {
    @Test("redrive of 1,200 dead letters pages with progress and re-delivers them all; purging 600 pages too")
    func largeQueue() async throws {
        let accepting = Atomic<Bool>(false)
        let sink = try await TestHTTPServer.start { _ in accepting.load(ordering: .relaxed) ? .ok : .respond(status: 400, text: "no") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-dlqp-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            try await server.start()
            _ = try await server.call("PutRule", #"{"Name":"bulk","EventPattern":"{\"source\":[\"bulk.test\"]}"}"#, client: client)
            _ = try await server.call("PutTargets", #"{"Rule":"bulk","Targets":[{"Id":"sink","Arn":"\#(sink.baseURL)"}]}"#, client: client)
            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            _ = try await producer.put((0..<1_200).map { PutEntry(source: "bulk.test", detailType: "t", detail: "{\"n\":\($0)}") })
            try await producer.close()
            var admin = ["--endpoint", server.endpoint, "--output", "json"]
            let counted = await eventually(timeout: .seconds(60)) {
                ((try? await HeraldCLI.runSeparately(["dlq", "redrive", "--target", "default/bulk/sink", "--dry-run"] + admin))?.1 ?? "").contains("\"matched\" : 1200")
            }
            #expect(counted, "1,200 dead letters expected")

            accepting.store(true, ordering: .relaxed)
            let (code, output, progress) = try await HeraldCLI.runSeparately(["dlq", "redrive", "--target", "default/bulk/sink"] + admin)
            #expect(code == 0, "\(output) \(progress)")
            #expect(output.contains("\"redriven\" : 1200"), "\(output)")
            #expect(progress.contains("progress:") && progress.contains("redrive: 1200 of 1200 done"), "\(progress)")
            // The redrive is durable: killed at once and restarted, Herald still sends every redriven event again.
            await server.stop(signal: SIGKILL)
            try await server.start()
            admin = ["--endpoint", server.endpoint, "--output", "json"]
            #expect(await eventually(timeout: .seconds(60)) {
                Set(sink.requests.dropFirst(1_200).map(\.bodyText)).count >= 1_200
            }, "every redriven event is sent again across the restart")

            // Dead-letter them all again, then purge the whole queue page by page.
            accepting.store(false, ordering: .relaxed)
            let again = try await HeraldSocketClient.connect(path: server.socketPath)
            _ = try await again.put((0..<600).map { PutEntry(source: "bulk.test", detailType: "t", detail: "{\"m\":\($0)}") })
            try await again.close()
            #expect(await eventually(timeout: .seconds(60)) {
                ((try? await HeraldCLI.runSeparately(["dlq", "redrive", "--target", "default/bulk/sink", "--dry-run"] + admin))?.1 ?? "").contains("\"matched\" : 600")
            })
            let (purgeCode, purged, purgeProgress) = try await HeraldCLI.runSeparately(["dlq", "purge", "--target", "default/bulk/sink", "--yes"] + admin)
            #expect(purgeCode == 0 && purged.contains("\"purged\" : 600"), "\(purged) \(purgeProgress)")
            #expect(purgeProgress.contains("purge: 600 of 600 done"), "\(purgeProgress)")
            // The purge is durable too.
            #expect(await server.stop(signal: SIGTERM) == 0)
            try await server.start()
            admin = ["--endpoint", server.endpoint, "--output", "json"]
            let (_, left, _) = try await HeraldCLI.runSeparately(["dlq", "redrive", "--target", "default/bulk/sink", "--dry-run"] + admin)
            #expect(left.contains("\"matched\" : 0"), "\(left)")
        } catch {
            await server.stop(signal: SIGKILL)
            try await client.shutdown()
            try await sink.shutdown()
            throw error
        }
        #expect(await server.stop(signal: SIGTERM) == 0)
        try await client.shutdown()
        try await sink.shutdown()
    }
}
