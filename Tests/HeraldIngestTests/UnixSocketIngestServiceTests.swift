import Foundation
import HeraldClient
import HeraldIngest
import Logging
import NIOPosix
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// A handler that "stores" lines in memory, numbering them; `bad` lines get an error, like invalid entries.
private final class NumberingHandler: IngestHandler {
    let stored = Mutex<[String]>([])
    func handle(_ requests: [IngestRequest]) async -> [[UInt8]] {
        try? await Task.sleep(for: .milliseconds(1))  // a commit takes time; lets pipelined requests pile up
        return stored.withLock { stored in
            requests.map { request -> [UInt8] in
                switch request {
                case .line(let bytes) where bytes == Array("bad".utf8):
                    return Array(#"{"ErrorCode":"ValidationException","ErrorMessage":"bad entry"}"#.utf8)
                case .line(let bytes):
                    stored.append(String(decoding: bytes, as: UTF8.self))
                    return Array("{\"EventId\":\"\(stored.count)\"}".utf8)
                case .tooLarge(let count):
                    return Array("{\"ErrorCode\":\"ValidationException\",\"ErrorMessage\":\"line of \(count) bytes\"}".utf8)
                }
            }
        }
    }
}

@Suite("Unix socket ingestion")
struct UnixSocketIngestServiceTests {
    private func withService(
        limit: Int = 1024, _ body: @Sendable (String, NumberingHandler) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("herald.sock").path
        let handler = NumberingHandler()
        let (listening, continuation) = AsyncStream<Void>.makeStream()
        let service = UnixSocketIngestService(
            configuration: IngestConfiguration(socketPath: path, maximumLineLength: limit),
            handler: handler, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"),
            onListening: { continuation.yield() }
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                var iterator = listening.makeAsyncIterator()
                _ = await iterator.next()
                try await body(path, handler)
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(!FileManager.default.fileExists(atPath: path), "the socket file is removed on shutdown")
    }

    @Test("the socket is created with mode 0600")
    func socketMode() async throws {
        try await withService { path, _ in
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
    }

    @Test("pipelined requests on one connection are answered in order")
    func pipelining() async throws {
        try await withService { path, handler in
            let client = try await HeraldSocketClient.connect(path: path)
            let lines = (0..<500).map { "{\"n\":\($0)}" }
            let responses = try await client.send(lines: lines)
            #expect(responses.count == 500)
            #expect(responses.first == #"{"EventId":"1"}"#)
            #expect(handler.stored.withLock { $0 } == lines)
            try await client.close()
        }
    }

    @Test("many concurrent connections each get their own answers")
    func concurrentConnections() async throws {
        try await withService { path, handler in
            try await withThrowingTaskGroup(of: [String].self) { group in
                for connection in 0..<16 {
                    group.addTask {
                        let client = try await HeraldSocketClient.connect(path: path)
                        var answers: [String] = []
                        for index in 0..<20 {
                            answers += try await client.send(lines: ["{\"c\":\(connection),\"i\":\(index)}"])
                        }
                        try await client.close()
                        return answers
                    }
                }
                var total = 0
                for try await answers in group {
                    #expect(answers.allSatisfy { $0.hasPrefix("{\"EventId\":") })
                    total += answers.count
                }
                #expect(total == 320)
            }
            #expect(Set(handler.stored.withLock { $0 }).count == 320)
        }
    }

    @Test("an oversized or invalid line gets an error line and the connection stays usable")
    func badLines() async throws {
        try await withService(limit: 64) { path, handler in
            let client = try await HeraldSocketClient.connect(path: path)
            let big = "{\"x\":\"" + String(repeating: "y", count: 200) + "\"}"
            let responses = try await client.send(lines: ["{\"a\":1}", big, "bad", "{\"b\":2}"])
            #expect(responses[0] == #"{"EventId":"1"}"#)
            #expect(responses[1].contains("ValidationException") && responses[1].contains("\(big.utf8.count) bytes"))
            #expect(responses[2].contains("bad entry"))
            #expect(responses[3] == #"{"EventId":"2"}"#)
            #expect(handler.stored.withLock { $0 } == ["{\"a\":1}", "{\"b\":2}"])
            try await client.close()
        }
    }
}
