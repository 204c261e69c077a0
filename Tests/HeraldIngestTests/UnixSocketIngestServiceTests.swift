import Foundation
import HeraldClient
import HeraldIngest
import HeraldTestSupport
import Logging
import NIOPosix
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// A handler that "stores" lines in memory, numbering them, as soon as it is called (as the application's handler
/// queues them for the log), and answers 1 ms later from another thread (a commit takes time; lets pipelined requests
/// pile up). `bad` lines get an error, like invalid entries.
private final class NumberingHandler: IngestHandler {
    let stored = Mutex<[String]>([])

    func handle(_ requests: [IngestRequest], completion: @escaping @Sendable ([[UInt8]]) -> Void) {
        let responses = stored.withLock { stored in
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
        Thread.detachNewThread {
            usleep(1_000)
            completion(responses)
        }
    }
}

/// Answers every line at once and records, per call, the first line and whether the connection was said to pipeline.
private final class PipelineFlagHandler: IngestHandler {
    let calls = Mutex<[(first: String, pipelines: Bool)]>([])

    func handle(_ requests: [IngestRequest], completion: @escaping @Sendable ([[UInt8]]) -> Void) {
        handle(requests, producerPipelines: false, completion: completion)
    }

    func handle(_ requests: [IngestRequest], producerPipelines: Bool, completion: @escaping @Sendable ([[UInt8]]) -> Void) {
        let first: String = if case .line(let bytes) = requests[0] { String(decoding: bytes, as: UTF8.self) } else { "" }
        calls.withLock { $0.append((first, producerPipelines)) }
        Thread.detachNewThread {
            usleep(1_000)
            completion(requests.map { _ in Array(#"{"EventId":"x"}"#.utf8) })
        }
    }
}

@Suite("Unix socket ingestion", .timeLimit(.minutes(1)))
struct UnixSocketIngestServiceTests {
    private func withService(
        limit: Int = 1024, unreadAnswers: Int = 4 << 20, _ body: @Sendable (String, NumberingHandler) async throws -> Void
    ) async throws {
        try await withService(limit: limit, unreadAnswers: unreadAnswers, handler: NumberingHandler(), body)
    }

    private func withService<Handler: IngestHandler>(
        limit: Int = 1024, unreadAnswers: Int = 4 << 20, handler: Handler, _ body: @Sendable (String, Handler) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("herald.sock").path
        let (listening, continuation) = AsyncStream<Void>.makeStream()
        let service = UnixSocketIngestService(
            configuration: IngestConfiguration(socketPath: path, maximumLineLength: limit, maximumUnreadAnswerBytes: unreadAnswers),
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

    @Test("a connection is said to pipeline once it has more than one request in flight, and stays so; one-at-a-time never")
    func pipelineFlag() async throws {
        try await withService(handler: PipelineFlagHandler()) { path, handler in
            let waiting = try await HeraldSocketClient.connect(path: path)
            for index in 0..<5 { _ = try await waiting.send(lines: ["{\"w\":\(index)}"]) }
            try await waiting.close()
            let pipelining = try await HeraldSocketClient.connect(path: path)
            _ = try await pipelining.send(lines: (0..<50).map { "{\"p\":\($0)}" })
            _ = try await pipelining.send(lines: ["{\"after\":0}"])
            try await pipelining.close()
            let calls = handler.calls.withLock { $0 }
            let waitingCalls = calls.filter { $0.first.hasPrefix("{\"w\"") }
            #expect(waitingCalls.count == 5)
            #expect(waitingCalls.allSatisfy { !$0.pipelines })
            let pipelined = calls.filter { $0.first.hasPrefix("{\"p\"") }
            #expect(!pipelined.isEmpty)
            // The first read may hold one line only; whatever followed while it was in flight is flagged.
            #expect(pipelined.dropFirst().allSatisfy(\.pipelines) && (pipelined.count > 1 || pipelined[0].pipelines))
            // Once flagged, a lone request later on the same connection is still flagged.
            #expect(calls.filter { $0.first.hasPrefix("{\"after\"") }.map(\.pipelines) == [true])
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

    @Test("answers keep request order even when a later batch is answered first")
    func orderAcrossBatches() async throws {
        try await withService(handler: SlowLinesHandler()) { path, _ in
            let socket = try RawSocket(path: path)
            try socket.send("slow-1\n")
            try await Task.sleep(for: .milliseconds(20))  // a separate read, so a separate batch
            try socket.send("fast-2\nfast-3\n")
            let answers = try await socket.lines(3)
            #expect(answers == ["slow-1", "fast-2", "fast-3"])
        }
    }

    @Test("a producer that half-closes still gets every answer, then end of file")
    func halfClose() async throws {
        try await withService { path, handler in
            let socket = try RawSocket(path: path)
            try socket.send((0..<50).map { "{\"n\":\($0)}\n" }.joined())
            socket.shutdownWrite()
            let answers = try await socket.lines(50)
            #expect(answers.count == 50)
            #expect(answers.last == #"{"EventId":"50"}"#)
            #expect(try await socket.rest().isEmpty, "the server closes after the last answer")
            #expect(handler.stored.withLock { $0.count } == 50)
        }
    }

    @Test("a producer far ahead of its answers is paused, not dropped: 20,000 pipelined lines all answered in order")
    func backpressure() async throws {
        try await withService { path, handler in
            let socket = try RawSocket(path: path)
            let lines = (0..<20_000).map { "{\"n\":\($0)}" }
            // Write from another thread while this one reads: the server stops reading past 4,096 unanswered lines.
            let payload = lines.joined(separator: "\n") + "\n"
            let writer = Thread { try? socket.send(payload) }
            writer.start()
            let answers = try await socket.lines(20_000)
            #expect(answers.count == 20_000)
            #expect(answers.last == #"{"EventId":"20000"}"#)
            let stored = handler.stored.withLock { $0 }
            #expect(stored.count == lines.count)
            #expect(stored == lines, "stored in the order sent (first difference at \(zip(stored, lines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1))")
        }
    }

    @Test("a producer that writes 20,000 lines, half-closes and reads only later gets every answer before the close")
    func halfCloseWithManyAnswersQueued() async throws {
        try await withService { path, handler in
            let socket = try RawSocket(path: path)
            // ~360 KB of answers: more than the socket buffers hold, so most wait in the server when it would close.
            try socket.send((0..<20_000).map { "{\"n\":\($0)}\n" }.joined())
            socket.shutdownWrite()
            for _ in 0..<500 where handler.stored.withLock({ $0.count }) < 20_000 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(handler.stored.withLock { $0.count } == 20_000)
            try await Task.sleep(for: .milliseconds(200))
            let answers = try await socket.lines(20_000)
            #expect(answers.last == #"{"EventId":"20000"}"#)
            #expect(try await socket.rest().isEmpty, "the server closes after the last answer")
        }
    }

    @Test("a producer that never reads its answers is stopped once they fill the unread-answer limit: memory stays bounded")
    func unreadAnswersBoundMemory() async throws {
        try await withService(unreadAnswers: 64 << 10) { path, handler in
            let socket = try RawSocket(path: path)
            socket.setSendTimeout(seconds: 1)
            let chunk = String(repeating: "{\"n\":1}\n", count: 1_000)
            // Up to 300,000 lines; the writes block (and time out) once the server stops reading.
            let offered = try await onThread { () -> Int in
                var sent = 0
                while sent < 300, (try? socket.send(chunk)) != nil { sent += 1 }
                return sent * 1_000
            }
            let stored = handler.stored.withLock { $0.count }
            #expect(offered < 300_000, "every write went through: the server kept reading")
            #expect(stored < 100_000, "the server read \(stored) lines whose answers nobody read")
            // Reading the answers lets it go on: everything it read is answered, in order.
            let answers = try await socket.lines(stored)
            #expect(answers.last == "{\"EventId\":\"\(stored)\"}")
        }
    }

    @Test("a second service on a live socket refuses to start and leaves the first one's socket alone")
    func liveSocketIsNotTakenOver() async throws {
        try await withService { path, _ in
            let second = UnixSocketIngestService(
                configuration: IngestConfiguration(socketPath: path), handler: NumberingHandler(),
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "second"))
            await #expect(throws: IngestError.socketInUse(path: path)) { try await second.run() }
            let socket = try RawSocket(path: path)
            try socket.send("{\"n\":1}\n")
            #expect(try await socket.lines(1) == [#"{"EventId":"1"}"#])
        }
    }

    @Test("shutdown while producers keep connecting: connections accepted but not yet registered are closed, nothing trips")
    func shutdownWhileConnecting() async throws {
        for _ in 0..<20 {
            let keepGoing = Atomic<Bool>(true)
            let (stopped, finished) = AsyncStream<Void>.makeStream()
            try await withService { path, _ in
                Thread {
                    // Connect as fast as possible (bounded) until the listener is gone.
                    for _ in 0..<2_000 where keepGoing.load(ordering: .relaxed) {
                        guard (try? RawSocket(path: path)) != nil else { break }
                    }
                    finished.yield()
                    finished.finish()
                }.start()
                try await Task.sleep(for: .milliseconds(5))
            }
            keepGoing.store(false, ordering: .relaxed)
            for await _ in stopped {}
        }
    }

    @Test("a batch in flight at shutdown is still answered, then the connection closes")
    func answeredAtShutdown() async throws {
        let (received, arrived) = AsyncStream<Void>.makeStream()
        let handler = SlowLinesHandler(onSlow: { arrived.yield() })
        let socket = Mutex<RawSocket?>(nil)
        try await withService(handler: handler) { path, _ in
            let connected = try RawSocket(path: path)
            try connected.send("slow-1\n")
            var iterator = received.makeAsyncIterator()
            _ = await iterator.next()  // the server has read it; its answer takes 50 ms
            socket.withLock { $0 = connected }
        }  // graceful shutdown starts here, while slow-1 is in flight
        let connected = try #require(socket.withLock { $0 })
        #expect(try await connected.lines(1) == ["slow-1"])
        #expect(try await connected.rest().isEmpty)
    }
}

/// Answers each line with itself; a batch holding a line starting with `slow` is answered after 50 ms, others at
/// once (on the caller's thread, like a batch of invalid lines).
private struct SlowLinesHandler: IngestHandler {
    var onSlow: @Sendable () -> Void = {}

    func handle(_ requests: [IngestRequest], completion: @escaping @Sendable ([[UInt8]]) -> Void) {
        let lines = requests.map { request -> [UInt8] in
            if case .line(let bytes) = request { return bytes }
            return Array("too large".utf8)
        }
        if lines.contains(where: { $0.starts(with: Array("slow".utf8)) }) {
            onSlow()
            Thread.detachNewThread {
                usleep(50_000)
                completion(lines)
            }
        } else {
            completion(lines)
        }
    }
}

/// A blocking Unix-socket client with a 10 s receive timeout, for byte-level control (half-close, raw pipelining).
private final class RawSocket: @unchecked Sendable {
    // @unchecked: one writer thread and one reader at a time, as the tests use it; the descriptor is immutable.
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw POSIXError(.EPIPE) }
            bytes = bytes.dropFirst(written)
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Makes a blocked `send` fail after `seconds` instead of waiting for ever.
    func setSendTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads `count` lines (without newlines) on a thread of its own — a blocking read on one of Swift's few
    /// concurrency threads could starve the server under test; throws on timeout or end of file first.
    func lines(_ count: Int) async throws -> [String] {
        try await onThread { try self.readLines(count: count) }
    }

    /// Reads until end of file, on a thread of its own.
    func rest() async throws -> [UInt8] {
        try await onThread { try self.readToEnd() }
    }

    private func readLines(count: Int) throws -> [String] {
        var lines: [String] = []
        while lines.count < count {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
                buffer.removeSubrange(...newline)
                continue
            }
            guard try fill() > 0 else { throw POSIXError(.ECONNRESET) }
        }
        return lines
    }

    private func readToEnd() throws -> [UInt8] {
        while try fill() > 0 {}
        defer { buffer.removeAll() }
        return buffer
    }

    private func fill() throws -> Int {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw POSIXError(.ETIMEDOUT) }
        buffer += chunk[..<count]
        return count
    }
}
