import AsyncHTTPClient
import Foundation
import HeraldClient
import HeraldTestSupport
import NIOPosix
import Synchronization
import Testing

/// The real server is SIGKILLed at random moments while producers put events; every acknowledged event must reach
/// the sink at least once, and duplicates stay within the documented bound (the in-flight window per kill).
@Suite("Crash recovery", .serialized, .timeLimit(.minutes(5)))
struct KillLoopTests {
    @Test("kill -9 twenty times under load: no acknowledged event is lost")
    func killLoop() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-kill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sink = try await TestHTTPServer.start()
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let server = HeraldProcess(dataDirectory: directory)
        let shared = SharedState()
        let kills = 20
        let window = 256  // 4 × the default concurrency of 64 (EngineConfiguration.uncommittedWindows)

        do {
            try await server.start()
            let (ruleStatus, _) = try await server.call("PutRule", #"{"Name":"kill","EventPattern":"{\"source\":[\"kill.test\"]}"}"#, client: client)
            #expect(ruleStatus == 200)
            let (targetStatus, targetBody) = try await server.call(
                "PutTargets", #"{"Rule":"kill","Targets":[{"Id":"sink","Arn":"\#(sink.baseURL)/events"}]}"#, client: client)
            #expect(targetStatus == 200 && targetBody.contains(#""FailedEntryCount":0"#))

            try await withThrowingTaskGroup(of: Void.self) { group in
                for producer in 0..<4 {
                    group.addTask {
                        var sequence = 0
                        var connection: HeraldSocketClient?
                        while shared.producing.load(ordering: .relaxed) {
                            do {
                                if connection == nil { connection = try await HeraldSocketClient.connect(path: server.socketPath) }
                                let id = try await connection!.put(
                                    PutEntry(source: "kill.test", detailType: "t", detail: "{\"p\":\(producer),\"n\":\(sequence)}"))
                                shared.acknowledged.withLock { _ = $0.insert(id) }
                                sequence += 1
                            } catch {
                                try? await connection?.close()
                                connection = nil
                                try await Task.sleep(for: .milliseconds(5))
                            }
                        }
                        try? await connection?.close()
                    }
                }
                group.addTask {
                    var generator = SystemRandomNumberGenerator()
                    for _ in 0..<kills {
                        try await Task.sleep(for: .milliseconds(Int.random(in: 50...400, using: &generator)))
                        await server.stop(signal: SIGKILL)
                        try await server.start()
                    }
                    try await Task.sleep(for: .milliseconds(300))
                    shared.producing.store(false, ordering: .relaxed)
                }
                try await group.waitForAll()
            }

            let expected = shared.acknowledged.withLock { $0 }
            let delivered: () -> [String] = { sink.requests.compactMap { $0.header("X-Herald-Event-Id") } }
            let allArrived = await eventually(timeout: .seconds(60)) { Set(delivered()).isSuperset(of: expected) }
            let received = delivered()
            let missing = expected.subtracting(received)
            let duplicates = received.count - Set(received).count
            print("kill loop: \(kills) kills, \(expected.count) acknowledged, \(received.count) delivered, \(missing.count) missing, \(duplicates) duplicates")
            #expect(expected.count > 100, "too little load to mean anything")
            #expect(allArrived && missing.isEmpty, "\(missing.count) acknowledged events never reached the sink")
            #expect(duplicates <= kills * window, "duplicates \(duplicates) exceed \(kills) kills × window \(window)")
            let status = await server.stop(signal: SIGTERM)
            #expect(status == 0, "a graceful stop exits 0: \(server.lastStop)")
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

/// State shared by the producer tasks and the test.
private final class SharedState: Sendable {
    let acknowledged = Mutex<Set<String>>([])
    let producing = Atomic<Bool>(true)
}
