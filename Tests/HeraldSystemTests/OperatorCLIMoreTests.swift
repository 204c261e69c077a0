import AsyncHTTPClient
import Foundation
import HeraldClient
import HeraldTestSupport
import NIOPosix
import Synchronization
import Testing

/// `herald rules|archive|replay|tail` against a real `herald serve`, each CLI call a real child process.
@Suite("Operator CLI: rules, archives, replays, tail", .serialized, .timeLimit(.minutes(5)))
struct OperatorCLIMoreTests {
    /// Starts `herald ARGS` (AWS credentials removed from the environment) with output and errors in one pipe.
    private func launch(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (Process, Pipe) {
        try HeraldCLI.launch(arguments, environment: extra, strippingCredentials: true)
    }

    /// Runs `herald ARGS` (AWS credentials removed from the environment) to the end: (exit status, output).
    private func herald(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> (Int32, String) {
        try await HeraldCLI.run(arguments, environment: extra, strippingCredentials: true)
    }

    /// Waits (bounded) for a launched child; kills it after `timeout`. Returns (exit status, output).
    private func finish(_ child: (Process, Pipe), timeout: Duration = .seconds(20)) async -> (Int32, String) {
        let (process, pipe) = child
        _ = await eventually(timeout: timeout) { !process.isRunning }
        if process.isRunning { process.terminate() }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// A temporary data directory and a server on it, stopped (and the directory removed) after `body`.
    private func withServer(
        environment: [String: String] = [:], _ body: (HeraldProcess, HTTPClient) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-cli2-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            try await server.start(environment: environment)
            try await body(server, client)
            #expect(await server.stop(signal: SIGTERM) == 0)
        } catch {
            await server.stop(signal: SIGKILL)
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test("rules list/show, archive list/show, replay start --wait re-delivers, replay status and cancel")
    func rulesArchivesAndReplays() async throws {
        let sink = try await TestHTTPServer.start { _ in .ok }
        do {
            try await replayScenario(sink: sink)
        } catch {
            try? await sink.shutdown()
            throw error
        }
        try await sink.shutdown()
    }

    /// The body of ``rulesArchivesAndReplays()``.
    private func replayScenario(sink: TestHTTPServer) async throws {
        try await withServer { server, client in
            let endpoint = ["--endpoint", server.endpoint]
            let pattern = #"{\"source\":[\"replay.test\"],\"detail\":{\"n\":[{\"numeric\":[\">=\",0]}]}}"#
            _ = try await server.call("PutRule", #"{"Name":"orders","EventPattern":"\#(pattern)","Description":"CLI test"}"#, client: client)
            _ = try await server.call("PutTargets", #"{"Rule":"orders","Targets":[{"Id":"sink","Arn":"\#(sink.baseURL)/in"}]}"#, client: client)
            _ = try await server.call("PutRule", #"{"Name":"other","EventPattern":"{\"source\":[\"nobody\"]}"}"#, client: client)

            let (listCode, listed) = try await herald(["rules", "list"] + endpoint)
            #expect(listCode == 0 && listed.contains("orders") && listed.contains("other") && listed.contains("ENABLED"), "\(listed)")
            let prefixed = try await herald(["rules", "list", "--prefix", "ord", "--output", "json"] + endpoint).1
            #expect(prefixed.contains("\"Name\" : \"orders\"") && !prefixed.contains("\"other\""), "\(prefixed)")
            let (showCode, shown) = try await herald(["rules", "show", "orders"] + endpoint)
            #expect(showCode == 0, "\(shown)")
            #expect(shown.contains("pattern\n  {") && shown.contains("\"replay.test\"") && shown.contains("numeric"), "\(shown)")
            #expect(shown.contains("sink") && shown.contains(sink.baseURL + "/in") && shown.contains("CLI test"), "\(shown)")
            let (missingCode, missing) = try await herald(["rules", "show", "nope"] + endpoint)
            #expect(missingCode != 0 && missing.contains("ResourceNotFoundException"), "\(missing)")

            let (_, bus) = try await server.call("DescribeEventBus", "{}", client: client)
            let busArn = try #require(try JSONSerialization.jsonObject(with: Data(bus.utf8)) as? [String: Any])["Arn"] as? String
            let (created, _) = try await server.call(
                "CreateArchive", #"{"ArchiveName":"keep","EventSourceArn":"\#(busArn ?? "")","RetentionDays":3}"#, client: client)
            #expect(created == 200)

            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            for index in 0..<3 { _ = try await producer.put(PutEntry(source: "replay.test", detailType: "t", detail: "{\"n\":\(index)}")) }
            try await producer.close()
            #expect(await eventually { sink.requests.count >= 3 })

            var archive = ""
            for _ in 0..<200 {
                archive = try await herald(["archive", "show", "keep", "--output", "json"] + endpoint).1
                if archive.contains("\"EventCount\" : 3") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(archive.contains("\"EventCount\" : 3"), "\(archive)")
            let archives = try await herald(["archive", "list"] + endpoint).1
            #expect(archives.contains("keep") && archives.contains("3 days") && archives.contains("default"), "\(archives)")
            let shownArchive = try await herald(["archive", "show", "keep"] + endpoint).1
            #expect(shownArchive.contains("events       3") && shownArchive.contains("retention    3 days"), "\(shownArchive)")

            let (replayCode, replayed) = try await herald(
                ["replay", "start", "again", "--archive", "keep", "--from", "-10m", "--to", "now", "--rules", "orders", "--wait"]
                    + endpoint)
            #expect(replayCode == 0, "\(replayed)")
            #expect(replayed.contains("progress: ") && replayed.contains("replay again STARTING"), "non-tty progress lines: \(replayed)")
            #expect(replayed.contains("state         COMPLETED") && replayed.contains("rule/orders"), "\(replayed)")
            #expect(await eventually(timeout: .seconds(15)) { sink.requests.count >= 6 })
            let again = sink.requests.filter { $0.bodyText.contains("\"replay-name\":\"again\"") }
            #expect(again.count == 3, "the three archived events are re-delivered, marked as replayed")

            let (statusCode, status) = try await herald(["replay", "status", "again", "--output", "json"] + endpoint)
            #expect(statusCode == 0 && status.contains("\"State\" : \"COMPLETED\""), "\(status)")
            let (cancelDoneCode, cancelDone) = try await herald(["replay", "cancel", "again"] + endpoint)
            #expect(cancelDoneCode != 0 && cancelDone.contains("IllegalStatusException"), "\(cancelDone)")

            _ = try await herald(["replay", "start", "twice", "--archive", "keep", "--from", "-10m"] + endpoint)
            let (cancelCode, cancelled) = try await herald(["replay", "cancel", "twice"] + endpoint)
            // The replay of three events may finish before the cancel arrives; both answers are well-formed.
            #expect(
                (cancelCode == 0 && (cancelled.contains("CANCELLING") || cancelled.contains("CANCELLED")))
                    || (cancelCode != 0 && cancelled.contains("IllegalStatusException")), "\(cancelled)")
            let (badTimeCode, badTime) = try await herald(["replay", "start", "bad", "--archive", "keep", "--from", "yesterday"] + endpoint)
            #expect(badTimeCode != 0 && badTime.contains("--from must be ISO 8601"), "\(badTime)")
        }
    }

    @Test("tail follows events put after it started, honours --pattern, --bus and --limit; a bad pattern fails clearly")
    func tail() async throws {
        try await withServer(environment: ["HERALD_ADMIN_TOKEN": "tail-secret"]) { server, client in
            let admin = ["--endpoint", server.endpoint]
            let token = ["HERALD_ADMIN_TOKEN": "tail-secret"]
            // An archive keeps the log's history from compaction, so `--from-sequence 1` below still finds event 1.
            let (archived, archiveBody) = try await server.call(
                "CreateArchive", #"{"ArchiveName":"keep","EventSourceArn":"arn:aws:events:us-east-1:000000000000:event-bus/default","RetentionDays":1}"#,
                client: client)
            #expect(archived == 200, "\(archiveBody)")
            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            _ = try await producer.put(PutEntry(source: "tail.test", detailType: "before", detail: "{}"))

            let follower = try launch(
                ["tail", "--pattern", #"{"source":["tail.test"],"detail-type":["after"]}"#, "--limit", "2", "--output", "json"] + admin,
                environment: token)
            try await Task.sleep(for: .milliseconds(800))
            _ = try await producer.put(PutEntry(source: "other", detailType: "after", detail: "{}"))
            for index in 0..<3 { _ = try await producer.put(PutEntry(source: "tail.test", detailType: "after", detail: "{\"n\":\(index)}")) }
            let (code, output) = await finish(follower)
            #expect(code == 0, "\(output)")
            let lines = output.split(separator: "\n")
            #expect(lines.count == 2, "exactly --limit events: \(output)")
            #expect(lines.first?.contains(#""detail":{"n":0}"#) == true && lines.last?.contains(#""detail":{"n":1}"#) == true, "\(output)")
            #expect(!output.contains("\"before\"") && !output.contains("\"source\":\"other\""), "\(output)")

            let (tableCode, table) = try await herald(["tail", "--from-sequence", "1", "--limit", "1", "--bus", "default"] + admin, environment: token)
            #expect(tableCode == 0 && table.hasPrefix("1  ") && table.contains("tail.test  before"), "\(table)")

            let (badCode, bad) = try await herald(["tail", "--pattern", #"{"source":"tail.test"}"#] + admin, environment: token)
            #expect(badCode != 0 && bad.contains("invalid event pattern"), "\(bad)")
            let (noTokenCode, noToken) = try await herald(["tail", "--limit", "1"] + admin)
            #expect(noTokenCode != 0 && noToken.contains("401"), "\(noToken)")
            try await producer.close()
        }
    }

    /// A replay that never finishes needs a server that says so: a loopback HTTP server answering the three
    /// EventBridge calls of `replay start --wait` with a replay that stays `RUNNING`.
    @Test("Ctrl-C during replay start --wait stops waiting (exit 130) and says the replay continues on the server")
    func interruptStopsWaiting() async throws {
        let running = #"{"ReplayName":"long","State":"RUNNING","EventStartTime":1000,"EventEndTime":2000,"EventLastReplayedTime":1400}"#
        let server = try await TestHTTPServer.start { request in
            switch request.header("X-Amz-Target") ?? "" {
            case "AWSEvents.DescribeArchive":
                .respond(
                    status: 200,
                    text: #"{"ArchiveName":"a","ArchiveArn":"arn:aws:events:us-east-1:000000000000:archive/a","EventSourceArn":"arn:aws:events:us-east-1:000000000000:event-bus/default","State":"ENABLED"}"#)
            case "AWSEvents.StartReplay": .respond(status: 200, text: #"{"ReplayArn":"arn:x","State":"STARTING"}"#)
            case "AWSEvents.DescribeReplay": .respond(status: 200, text: running)
            default: .respond(status: 400, text: #"{"__type":"UnknownOperationException","message":"no"}"#)
            }
        }
        do {
            let child = try launch(
                ["replay", "start", "long", "--archive", "a", "--from", "1970-01-01T00:00:01Z", "--to", "1970-01-01T00:00:02Z",
                 "--wait", "--poll-interval", "0.1", "--endpoint", server.baseURL])
            let polled = await eventually(timeout: .seconds(15)) {
                server.requests.filter { $0.header("X-Amz-Target") == "AWSEvents.DescribeReplay" }.count >= 15
            }
            #expect(polled, "the CLI polls the replay while waiting (15 polls: more than one progress interval)")
            kill(child.0.processIdentifier, SIGINT)
            let (code, output) = await finish(child)
            #expect(code == 130, "\(output)")
            #expect(output.contains("stopped waiting; replay long continues on the server"), "\(output)")
            #expect(output.contains("progress:") && output.contains("40.0%"), "non-tty progress lines: \(output)")
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    /// On a terminal (`script` gives the CLI a pseudo-terminal) the progress is one bar redrawn with `\r`.
    @Test(
        "on a terminal replay start --wait draws a progress bar redrawn in place",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressBarOnATerminal() async throws {
        let polls = Atomic<Int>(0)
        let server = try await TestHTTPServer.start { request in
            switch request.header("X-Amz-Target") ?? "" {
            case "AWSEvents.DescribeArchive":
                .respond(
                    status: 200,
                    text: #"{"ArchiveName":"a","ArchiveArn":"arn:aws:events:us-east-1:000000000000:archive/a","EventSourceArn":"arn:aws:events:us-east-1:000000000000:event-bus/default","State":"ENABLED"}"#)
            case "AWSEvents.StartReplay": .respond(status: 200, text: #"{"ReplayArn":"arn:x","State":"STARTING"}"#)
            case "AWSEvents.DescribeReplay":
                // RUNNING at 10%, 20%, … 50%, then COMPLETED.
                switch polls.wrappingAdd(1, ordering: .relaxed).newValue {
                case let poll where poll <= 5:
                    .respond(
                        status: 200,
                        text: #"{"ReplayName":"bar","State":"RUNNING","EventStartTime":1000,"EventEndTime":2000,"EventLastReplayedTime":\#(1000 + poll * 100)}"#)
                default:
                    .respond(status: 200, text: #"{"ReplayName":"bar","State":"COMPLETED","EventStartTime":1000,"EventEndTime":2000}"#)
                }
            default: .respond(status: 400, text: #"{"__type":"UnknownOperationException","message":"no"}"#)
            }
        }
        do {
            let command = [
                HeraldProcess.binary, "replay", "start", "bar", "--archive", "a", "--from", "1970-01-01T00:00:01Z", "--to",
                "1970-01-01T00:00:02Z", "--wait", "--poll-interval", "0.1", "--endpoint", server.baseURL,
            ].joined(separator: " ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
            process.environment = HeraldCLI.environment([:], strippingCredentials: true)
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let (code, output) = await finish((process, pipe))
            #expect(code == 0, "\(output)")
            #expect(output.contains("\r[###---------------------------]  10% replay bar RUNNING"), "\(output.debugDescription)")
            #expect(output.contains("\r[###############---------------]  50% replay bar RUNNING"), "\(output.debugDescription)")
            #expect(output.contains("\u{1B}[K") && output.contains("replay bar COMPLETED"), "\(output.debugDescription)")
            #expect(!output.contains("progress: "), "no plain progress lines on a terminal")
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    @Test("with credentials configured the CLI signs with SigV4 from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY")
    func sigV4() async throws {
        let credentials = ["HERALD_ACCESS_KEY_ID": "AKIDCLITEST", "HERALD_SECRET_ACCESS_KEY": "cli-secret/EXAMPLE", "HERALD_ADMIN_TOKEN": "t"]
        try await withServer(environment: credentials) { server, _ in
            let endpoint = ["--endpoint", server.endpoint]
            let signed = ["AWS_ACCESS_KEY_ID": "AKIDCLITEST", "AWS_SECRET_ACCESS_KEY": "cli-secret/EXAMPLE", "AWS_REGION": "eu-west-1"]
            let (code, listed) = try await herald(["rules", "list"] + endpoint, environment: signed)
            #expect(code == 0 && listed.contains("no rules"), "\(listed)")
            let (archiveCode, archives) = try await herald(["archive", "list"] + endpoint, environment: signed)
            #expect(archiveCode == 0 && archives.contains("no archives"), "\(archives)")
            var wrong = signed
            wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
            let (wrongCode, refused) = try await herald(["rules", "list"] + endpoint, environment: wrong)
            #expect(wrongCode != 0 && refused.contains("InvalidSignatureException"), "\(refused)")
            let (unsignedCode, unsigned) = try await herald(["rules", "list"] + endpoint)
            #expect(unsignedCode != 0 && unsigned.contains("MissingAuthenticationTokenException"), "\(unsigned)")
        }
    }
}
