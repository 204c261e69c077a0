import ArgumentParser
import AsyncHTTPClient
import Foundation
import HeraldAdmin

/// `herald tail`: follow matching events live as they are appended to the log.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow events live (optionally only a bus's, or those matching a pattern).",
        discussion: """
            Prints one line per event: with --output table the sequence, ingest time, bus, source, detail-type, id and \
            detail; with --output json the event line as the server sends it. Runs until Ctrl-C, or until --limit \
            events were printed.
            """)

    @Option(help: "Only events put on this bus.") var bus: String?
    @Option(help: "Only events matching this EventBridge pattern: JSON, or @FILE to read it from a file.")
    var pattern: String?
    @Option(help: "Start at this log sequence (default: only events appended from now on).") var fromSequence: UInt64?
    @Option(help: "Stop after this many events.") var limit: Int?
    @OptionGroup var options: AdminOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let patternText = try resolvedPattern()
        // No retrying of refused connections (the pool would retry until the stream's open-ended deadline: a stopped
        // server must end `herald tail`), and a read timeout well above the server's 15 s heartbeat.
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
        configuration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let failure: AdminClientError?
        do {
            let admin = try AdminClient(endpoint: options.endpoint, token: options.resolvedToken, httpClient: httpClient)
            try await follow(TailClient(admin: admin), pattern: patternText)
            failure = nil
        } catch {
            failure = error
        }
        try await httpClient.shutdown()
        if let failure {
            FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Reads `--pattern` (`@FILE` reads the file).
    private func resolvedPattern() throws -> String? {
        guard let pattern else { return nil }
        guard pattern.hasPrefix("@") else { return pattern }
        let path = String(pattern.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the pattern file '\(path)'")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Streams until the limit; each server stream is bounded, so it reconnects from where the last one ended.
    private func follow(_ client: TailClient, pattern: String?) async throws(AdminClientError) {
        var printed = 0
        var from = fromSequence
        let output = options.output
        while limit.map({ printed < $0 }) ?? true {
            var received = 0
            let request = TailRequest(bus: bus, pattern: pattern, from: from, limit: limit.map { $0 - printed })
            let next = try await client.follow(request) { event in
                received += 1
                switch output {
                case .table: print(event.summary)
                case .json: print(event.line)
                }
                fflush(nil)  // every line at once, also through a pipe
            }
            printed += received
            from = next ?? from
            // Only when the server ended an empty stream (shutting down): do not spin.
            if received == 0 { try? await Task.sleep(for: .seconds(1)) }
        }
    }
}
