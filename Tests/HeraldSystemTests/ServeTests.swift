import AsyncHTTPClient
import Foundation
import HeraldClient
import HeraldTestSupport
import NIOCore
import NIOPosix
import Testing

@Suite("herald serve", .serialized, .timeLimit(.minutes(5)))
struct ServeTests {
    private func withServer(_ body: (HeraldProcess, HTTPClient) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            try await server.start()
            try await body(server, client)
        } catch {
            await server.stop(signal: SIGKILL)
            try await client.shutdown()
            throw error
        }
        await server.stop(signal: SIGKILL)
        try await client.shutdown()
    }

    private func get(_ url: String, _ client: HTTPClient) async throws -> (Int, String) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 22)))
    }

    @Test("healthz answers 200, the socket is 0600, metrics count a stored event, SIGTERM exits 0")
    func lifecycle() async throws {
        try await withServer { server, client in
            #expect(try await get(server.endpoint + "/healthz", client).0 == 200)
            let mode = try FileManager.default.attributesOfItem(atPath: server.socketPath)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            let producer = try await HeraldSocketClient.connect(path: server.socketPath)
            _ = try await producer.put(PutEntry(source: "serve.test", detailType: "t", detail: "{}"))
            let refused = try await producer.put([PutEntry(source: "serve.test", detailType: "t", detail: "[1]")])
            #expect(refused == [.failure(code: "MalformedDetail", message: "Detail is malformed.")])
            try await producer.close()
            let (status, metrics) = try await get(server.endpoint + "/metrics", client)
            #expect(status == 200)
            #expect(metrics.contains(#"herald_ingest_events{outcome="stored"} 1"#))
            #expect(metrics.contains("herald_log_last_sequence 1"))
            // A producer that waits for its ack gets it after a meta sync of its own (no later commit carried it).
            let metaSyncs = metrics.split(separator: "\n").first { $0.hasPrefix("herald_log_meta_syncs ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") }
            #expect((metaSyncs ?? 0) >= 1, "\(metrics)")
            #expect(await server.stop(signal: SIGTERM) == 0)
            #expect(!FileManager.default.fileExists(atPath: server.socketPath), "the socket file is removed on shutdown")
        }
    }

    @Test("a second server on the same data directory is refused with a clear error")
    func secondServerRefused() async throws {
        try await withServer { server, _ in
            let second = HeraldProcess(dataDirectory: server.dataDirectory)
            do {
                try await second.start(timeout: .seconds(10))
                Issue.record("a second server started on a data directory in use")
                await second.stop(signal: SIGKILL)
            } catch HeraldProcessError.exited(let output) {
                #expect(output.contains("already open"), "unexpected message: \(output)")
            }
        }
    }

    @Test("SIGTERM is not held up by a client that sent half a request and went quiet: exit 0 within the HTTP grace")
    func shutdownNotHeldByHalfRequest() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-half-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = HeraldProcess(dataDirectory: directory)
        try await server.start()
        let client = try LoopbackSocket(port: server.port)
        try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        #expect(await server.stop(signal: SIGTERM) == 0, "\(server.lastStop)")
        #expect(ContinuousClock.now - started < .seconds(18), "\(server.lastStop)")
        withExtendedLifetime(client) {}  // the half request stays open until the server has stopped
    }

    @Test("a --socket path too long for a Unix socket, or in a missing directory, is refused up front with the path")
    func socketPathChecked() async throws {
        let long = "/tmp/" + String(repeating: "s", count: 120) + ".sock"
        let (longStatus, longOutput) = try await HeraldCLI.run(["serve", "--socket", long])
        #expect(longStatus == 64)
        #expect(longOutput.contains("is 130 bytes; a Unix socket path may have at most 107"), "\(longOutput)")
        let (missingStatus, missingOutput) = try await HeraldCLI.run(["serve", "--socket", "/tmp/herald-no-such-dir-\(UUID().uuidString)/h.sock"])
        #expect(missingStatus == 64)
        #expect(missingOutput.contains("does not exist"), "\(missingOutput)")
        // The same from the file's server.SocketPath, and for the default path in a data directory too deep for one.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-socket-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "server:\n  SocketPath: \(long)\n".write(toFile: directory + "/herald.yaml", atomically: true, encoding: .utf8)
        let (fileStatus, fileOutput) = try await HeraldCLI.run(["serve", "--config", directory + "/herald.yaml", "--data-dir", directory + "/data"])
        #expect(fileStatus == 1)
        #expect(fileOutput.contains("server.SocketPath \(long) is 130 bytes"), "\(fileOutput)")
        let deep = directory + "/" + String(repeating: "d", count: 100)
        let (defaultStatus, defaultOutput) = try await HeraldCLI.run(["serve", "--data-dir", deep, "--http", "127.0.0.1:0"])
        #expect(defaultStatus == 1)
        #expect(defaultOutput.contains("the default socket path") && defaultOutput.contains(deep + "/herald.sock"), "\(defaultOutput)")
        #expect(!FileManager.default.fileExists(atPath: deep), "the data directory was created before the refusal")
    }

    @Test("a ledger.Path in a missing directory stops the start before the configuration is applied")
    func ledgerDirectoryCheckedFirst() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-ledger-dir-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let yaml = """
            ledger:
              Path: \(directory)/missing/ledger.sqlite
            rules:
              - Name: r
                EventPattern: {source: [x]}
            """
        try yaml.write(toFile: directory + "/herald.yaml", atomically: true, encoding: .utf8)
        let (status, output) = try await HeraldCLI.run([
            "serve", "--data-dir", directory + "/data", "--config", directory + "/herald.yaml", "--http", "127.0.0.1:0",
        ])
        #expect(status == 1)
        #expect(output.contains("ledger.Path") && output.contains("\(directory)/missing, which does not exist"), "\(output)")
        #expect(!output.contains("configuration applied"), "the file was applied first: \(output)")
    }

    @Test("a --config file is applied at start and its rules deliver")
    func configFile() async throws {
        let sink = try await TestHTTPServer.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let yaml = """
            rules:
              - Name: from-config
                EventPattern: {source: [config.test]}
                Targets:
                  - Id: sink
                    url: ${SINK_URL}
            """
        try yaml.write(toFile: directory + "/herald.yaml", atomically: true, encoding: .utf8)
        let server = HeraldProcess(dataDirectory: directory + "/data")
        try await server.start(environment: ["SINK_URL": sink.baseURL + "/from-config"], arguments: ["--config", directory + "/herald.yaml"])
        let producer = try await HeraldSocketClient.connect(path: server.socketPath)
        let id = try await producer.put(PutEntry(source: "config.test", detailType: "t", detail: "{}"))
        try await producer.close()
        _ = await eventually(timeout: .seconds(10)) { !sink.requests.isEmpty }
        #expect(sink.requests.first?.path == "/from-config")
        #expect(sink.requests.first?.header("X-Herald-Event-Id") == id)
        #expect(await server.stop(signal: SIGTERM) == 0)
        try await sink.shutdown()
    }

    @Test("beyond loopback Herald refuses to start without credentials and without an admin token")
    func developerModeIsLoopbackOnly() async throws {
        let noToken = try await refusal(environment: ["HERALD_ADMIN_TOKEN": nil, "HERALD_ACCESS_KEY_ID": nil])
        #expect(noToken.contains("admin API must not be open beyond loopback"), "\(noToken)")
        let noCredentials = try await refusal(environment: ["HERALD_ADMIN_TOKEN": "t", "HERALD_ACCESS_KEY_ID": nil])
        #expect(noCredentials.contains("only listens on loopback"), "\(noCredentials)")
        // An empty or missing secret beside a key id is no credential: refused, not SigV4 with an empty secret (which
        // anyone could sign with) nor a quiet developer mode.
        let emptySecret = try await refusal(environment: ["HERALD_ADMIN_TOKEN": "t", "HERALD_ACCESS_KEY_ID": "AKIDENV", "HERALD_SECRET_ACCESS_KEY": ""])
        #expect(emptySecret.contains("HERALD_SECRET_ACCESS_KEY is empty or unset"), "\(emptySecret)")
        let keyOnly = try await refusal(environment: ["HERALD_ADMIN_TOKEN": "t", "HERALD_ACCESS_KEY_ID": "AKIDENV", "HERALD_SECRET_ACCESS_KEY": nil])
        #expect(keyOnly.contains("HERALD_SECRET_ACCESS_KEY is empty or unset"), "\(keyOnly)")
    }

    /// Starts `herald serve --http 0.0.0.0:0`, expects it to refuse, returns what it printed.
    private func refusal(environment overrides: [String: String?]) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-any-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HeraldProcess.binary)
        process.arguments = ["serve", "--data-dir", directory, "--http", "0.0.0.0:0"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in overrides { environment[name] = value }
        process.environment = environment
        // The child's whole run is waited for on a thread of its own, not on one of Swift's few cooperative threads.
        let (status, output) = try await onThread { () throws -> (Int32, String) in
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: output, as: UTF8.self))
        }
        #expect(status != 0)
        return output
    }
}
