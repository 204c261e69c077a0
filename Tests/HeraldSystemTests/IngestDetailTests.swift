import AsyncHTTPClient
import Foundation
import HeraldClient
import HeraldTestSupport
import NIOCore
import NIOPosix
import Testing

/// The ingest fast path keeps the stored envelope in its compact form: whatever whitespace and escapes a producer
/// used in `Detail` (object or string, socket or PutEvents), the target receives the same compact detail, and
/// invalid lines and details get the same errors as before.
@Suite("Ingest keeps the envelope format", .serialized, .timeLimit(.minutes(5)))
struct IngestDetailTests {
    @Test("socket and PutEvents details arrive compact; bad lines and details get the documented errors")
    func detailsAndErrors() async throws {
        let sink = try await TestHTTPServer.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-detail-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let yaml = """
            rules:
              - Name: details
                EventPattern: {source: [detail.test]}
                Targets:
                  - Id: sink
                    url: ${SINK_URL}
            """
        try yaml.write(toFile: directory + "/herald.yaml", atomically: true, encoding: .utf8)
        let server = HeraldProcess(dataDirectory: directory + "/data")
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            try await server.start(environment: ["SINK_URL": sink.baseURL + "/in"], arguments: ["--config", directory + "/herald.yaml"])
            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            let lines = [
                // 0: Detail as an object with whitespace, escapes, a number literal.
                #"{"Source":"detail.test","DetailType":"object","Detail": { "a" : "\u00e9\/x\n" , "n" : 1.50, "r":"é" } }"#,
                // 1: the same Detail as a string.
                #"{"Source":"detail.test","DetailType":"string","Detail":"{ \"a\" : \"\\u00e9\\/x\\n\" , \"n\" : 1.50, \"r\":\"é\" }"}"#,
                // 2: a malformed Detail string.
                #"{"Source":"detail.test","DetailType":"bad","Detail":"{\"a\":}"}"#,
                // 3: a Detail string that is not an object.
                #"{"Source":"detail.test","DetailType":"bad","Detail":"[1]"}"#,
                // 4: a member of the wrong type.
                #"{"Source":1,"DetailType":"t","Detail":{}}"#,
                // 5: a wrong type before invalid JSON: the line is reported as invalid JSON.
                #"{"Source":1,"DetailType":"t","Detail":{"#,
                // 6: not an object.
                #"[{"Source":"detail.test"}]"#,
                // 7: Resources with a non-string.
                #"{"Source":"detail.test","DetailType":"t","Detail":{},"Resources":["a",2]}"#,
            ]
            let answers = try await producer.send(lines: lines)
            try await producer.close()
            #expect(answers.count == lines.count)
            #expect(answers[0].hasPrefix(#"{"EventId":""#), "\(answers[0])")
            #expect(answers[1].hasPrefix(#"{"EventId":""#), "\(answers[1])")
            #expect(answers[2] == #"{"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}"#)
            #expect(answers[3] == #"{"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}"#)
            #expect(answers[4] == #"{"ErrorCode":"ValidationException","ErrorMessage":"Source has the wrong JSON type."}"#)
            #expect(answers[5].contains("The request line is not valid JSON"), "\(answers[5])")
            #expect(answers[6].contains("The request line must be a JSON object."), "\(answers[6])")
            #expect(answers[7].contains("Resources must be an array of strings."), "\(answers[7])")

            let (status, body) = try await server.call(
                "PutEvents",
                #"{"Entries":[{"Source":"detail.test","DetailType":"http","Detail":"{ \"a\" : \"\\u00e9\\/x\\n\" , \"n\" : 1.50, \"r\":\"é\" }"}]}"#,
                client: client)
            #expect(status == 200, "\(body)")
            #expect(body.contains(#""FailedEntryCount":0"#), "\(body)")

            _ = await eventually(timeout: .seconds(20)) { sink.requests.count >= 3 }
            let bodies = sink.requests.map(\.bodyText)
            #expect(bodies.count == 3)
            for detailType in ["object", "string", "http"] {
                guard let delivered = bodies.first(where: { $0.contains(#""detail-type":"\#(detailType)""#) }) else {
                    Issue.record("no delivery of \(detailType): \(bodies)")
                    continue
                }
                #expect(delivered.hasPrefix(#"{"version":"0","id":""#), "\(delivered)")
                #expect(delivered.hasSuffix(#","resources":[],"detail":{"a":"é/x\n","n":1.50,"r":"é"}}"#), "\(delivered)")
            }
            #expect(await server.stop(signal: SIGTERM) == 0)
        } catch {
            await server.stop(signal: SIGKILL)
            try? await client.shutdown()
            try? await sink.shutdown()
            throw error
        }
        try await client.shutdown()
        try await sink.shutdown()
    }

    @Test("herald put passes stdin lines on as bytes: invalid UTF-8 gets the server's error, not a silent repair")
    func putKeepsBytes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-put-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory + "/data")
        do {
            try await server.start()
            var input = Array(#"{"Source":"utf","DetailType":"b","Detail":{"x":""#.utf8) + [0xFF, 0xFE] + Array(#" ok"}}"#.utf8) + [0x0A]
            input += Array(#"{"Source":"utf","DetailType":"b","Detail":{"x":"fine"}}"#.utf8)  // the last line without a newline
            let socket = server.socketPath, bytes = input
            let (status, output) = try await onThread { () -> (Int32, String) in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: HeraldProcess.binary)
                process.arguments = ["put", "--socket", socket]
                let stdin = Pipe(), stdout = Pipe()
                process.standardInput = stdin
                process.standardOutput = stdout
                process.standardError = FileHandle.nullDevice
                try process.run()
                stdin.fileHandleForWriting.write(Data(bytes))
                try stdin.fileHandleForWriting.close()
                let output = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                return (process.terminationStatus, String(decoding: output, as: UTF8.self))
            }
            let lines = output.split(separator: "\n").map(String.init)
            #expect(status == 1, "an event was refused: \(output)")
            #expect(lines.count == 2)
            #expect(lines.first == "error ValidationException", "\(output)")
            #expect(lines.last.map { UUID(uuidString: $0) != nil } == true, "the valid last line is stored: \(output)")
        } catch {
            await server.stop(signal: SIGKILL)
            throw error
        }
        #expect(await server.stop(signal: SIGTERM) == 0)
    }
}
