import AsyncHTTPClient
import Foundation
import HeraldClient
import NIOCore
import NIOPosix
import Testing

/// Garbage on every surface of a real server: it must answer errors, never crash, and keep serving.
@Suite("Robustness against bad input", .serialized, .timeLimit(.minutes(5)))
struct RobustnessTests {
    @Test("random bytes on the socket, the API and the webhooks never take the server down")
    func garbageEverywhere() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-fuzz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        var generator = SeededGenerator(seed: 0x4845_5241_4C44)
        do {
            try await server.start()
            let operations = ["PutEvents", "PutRule", "PutTargets", "DescribeRule", "TestEventPattern", "CreateConnection", "StartReplay", "Nope"]
            let fragments = [#"{"Entries":["#, #"{"Name":"#, #"{"EventPattern":"{\"a\":[{\"numeric\":[\"<\""#, "\u{0}\u{ff}", "[[[[[[[[", #""\ud800""#, "1e999", "{}"]
            for round in 0..<200 {
                var body = fragments.randomElement(using: &generator)!
                for _ in 0..<Int.random(in: 0...4, using: &generator) { body += fragments.randomElement(using: &generator)! }
                var request = HTTPClientRequest(url: server.endpoint + (round % 5 == 0 ? "/webhooks/\(["twilio", "resend", "other"][round % 3])" : "/"))
                request.method = .POST
                request.headers.add(name: "X-Amz-Target", value: "AWSEvents." + operations.randomElement(using: &generator)!)
                request.headers.add(name: "Content-Type", value: "application/x-amz-json-1.1")
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1 << 20)
                #expect(response.status.code < 500, "\(response.status) for \(body)")
            }
            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            var lines: [String] = []
            for _ in 0..<300 {
                let length = Int.random(in: 0...64, using: &generator)
                let bytes = (0..<length).map { _ in UInt8.random(in: 0x20...0x7e, using: &generator) }
                lines.append(String(decoding: bytes, as: UTF8.self))
            }
            lines += [#"{"Source":1}"#, #"{"Source":"a","DetailType":"b","Detail":"{\"x\":"}"#, "[]", "null", #"{"Detail":{}}"#]
            let nonEmpty = lines.filter { !$0.allSatisfy(\.isWhitespace) }
            let answers = try await producer.send(lines: nonEmpty)
            #expect(answers.count == nonEmpty.count)
            #expect(answers.allSatisfy { $0.contains("ErrorCode") || $0.contains("EventId") })
            // Still healthy and still storing good events.
            let id = try await producer.put(PutEntry(source: "after.fuzz", detailType: "t", detail: "{}"))
            #expect(!id.isEmpty)
            try await producer.close()
            let health = try await client.execute(HTTPClientRequest(url: server.endpoint + "/healthz"), timeout: .seconds(5))
            #expect(health.status.code == 200)
            #expect(await server.stop(signal: SIGTERM) == 0, "the server exits cleanly after the barrage")
        } catch {
            await server.stop(signal: SIGKILL)
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}

/// A small deterministic generator (SplitMix64) so a failure can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
