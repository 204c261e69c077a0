import AsyncHTTPClient
import Foundation
import NIOCore

/// A real `herald serve` child process, started from the binary built next to the test bundle.
final class HeraldProcess: @unchecked Sendable {
    let dataDirectory: String
    private(set) var process: Process?
    private(set) var port = 0
    private let outputPath: String

    init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
        outputPath = dataDirectory + ".out"
    }

    deinit {
        // The output file sits beside the data directory (which the tests remove), so it goes with this object.
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    /// The end of what the server wrote to stdout and stderr since it was last started (its log at `warning`), for
    /// failure messages: the last `limit` bytes.
    func outputTail(limit: Int = 4096) -> String {
        guard let data = FileManager.default.contents(atPath: outputPath) else { return "" }
        return String(decoding: data.suffix(limit), as: UTF8.self)
    }

    /// The `herald` executable in the build products directory.
    static var binary: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the test bundle is `…/debug/HeraldPackageTests.xctest`; on macOS it is a bundle directory.
        if directory.lastPathComponent == "MacOS" { directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
        return directory.appendingPathComponent("herald").path
    }

    var socketPath: String { dataDirectory + "/herald.sock" }
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts the server and waits (bounded) for its ready line.
    func start(
        environment: [String: String] = [:], arguments: [String] = [], httpPort: Int = 0, timeout: Duration = .seconds(20)
    ) async throws {
        // A failure here shows as FileHandle's error on the next line, with the path.
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--data-dir", dataDirectory, "--http", "127.0.0.1:\(httpPort)", "--log-level", "warning"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.process = process
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").last(where: { $0.hasPrefix("herald ready") }),
                let range = line.range(of: "http=127.0.0.1:"),
                let port = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                self.port = port
                return
            }
            guard process.isRunning else { throw HeraldProcessError.exited(output: text) }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HeraldProcessError.notReady
    }

    /// Sends a signal and waits (bounded) for the process to exit; returns its exit status.
    @discardableResult
    func stop(signal: Int32) async -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, signal)
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started.advanced(by: .seconds(20))
        while process.isRunning, clock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
        lastStop = "signal \(signal): \(killed ? "still running after 20 s, killed" : "exited") after \(clock.now - started), "
            + "status \(process.terminationStatus) (\(process.terminationReason == .exit ? "exit" : "signal"))"
        if killed || process.terminationReason != .exit || process.terminationStatus != 0 {
            lastStop += "; the server's last output:\n\(outputTail())"
        }
        return process.terminationStatus
    }

    /// How the last ``stop(signal:)`` went, for failure messages (with the server's last output unless it exited 0).
    private(set) var lastStop = ""

    /// Calls an EventBridge operation on the running server; returns the status and the response body.
    func call(_ operation: String, _ body: String, client: HTTPClient) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: endpoint + "/")
        request.method = .POST
        request.headers.add(name: "X-Amz-Target", value: "AWSEvents.\(operation)")
        request.headers.add(name: "Content-Type", value: "application/x-amz-json-1.1")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }
}

enum HeraldProcessError: Error {
    case exited(output: String)
    case notReady
}

/// A TCP port on 127.0.0.1 that was free a moment ago (for servers whose URL must be known before they start).
func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw HeraldProcessError.notReady }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(20), _ condition: () async -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}
