import ArgumentParser
import Foundation
import HeraldClient

/// `herald put`: puts one event given by flags, or many given as NDJSON on standard input, through the local socket.
struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Put events through Herald's Unix socket; prints one event id (or error) per event.",
        discussion: """
            With --source/--detail-type/--detail, puts one event. Otherwise reads newline-delimited JSON request \
            lines from standard input ({"Source":…,"DetailType":…,"Detail":{…}} per line) and pipelines them.
            Exit code 0 when every event was stored, 1 when any was refused, 69 when Herald's socket cannot be reached \
            (nothing was sent).
            """
    )

    @Option(help: "Path of Herald's socket.")
    var socket: String = "./herald-data/herald.sock"

    @Option(help: "Event source (one event mode).")
    var source: String?

    @Option(help: "Event detail-type (one event mode).")
    var detailType: String?

    @Option(help: "Event detail as a JSON object (one event mode).")
    var detail: String = "{}"

    @Option(help: "A resource ARN; repeatable.")
    var resource: [String] = []

    @Option(help: "Event bus name.")
    var eventBusName: String?

    @Option(help: "Lines sent per write in NDJSON mode.")
    var batch: Int = 256

    func validate() throws {
        if (source == nil) != (detailType == nil) {
            throw ValidationError("--source and --detail-type go together")
        }
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
    }

    func run() async throws {
        let client: HeraldSocketClient
        do {
            client = try await HeraldSocketClient.connect(path: socket)
        } catch {
            // Not "an event was refused" (exit 1): nothing was sent at all.
            let reason = FileManager.default.fileExists(atPath: socket) ? "\(error)" : "no socket file there"
            FileHandle.standardError.write(Data("error: cannot connect to Herald's socket \(socket): \(reason) (is herald serve running?)\n".utf8))
            throw ExitCode(69)
        }
        var refused = false
        if let source, let detailType {
            let entry = PutEntry(source: source, detailType: detailType, detail: detail, resources: resource,
                                 eventBusName: eventBusName)
            refused = !report(try await client.put([entry]))
        } else {
            // Lines are passed on as bytes: a line that is not valid UTF-8 gets the server's error, not a silent repair.
            var lines: [[UInt8]] = []
            var input = StandardInputLines()
            while let line = input.next() {
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) { continue }
                lines.append(line)
                if lines.count == batch {
                    refused = !report(try await client.send(lineBytes: lines).map(HeraldSocketClient.parseResponse)) || refused
                    lines.removeAll(keepingCapacity: true)
                }
            }
            if !lines.isEmpty {
                refused = !report(try await client.send(lineBytes: lines).map(HeraldSocketClient.parseResponse)) || refused
            }
        }
        try await client.close()
        if refused { throw ExitCode.failure }
    }

    /// Prints each result; returns whether all succeeded.
    private func report(_ results: [PutResult]) -> Bool {
        var allStored = true
        for result in results {
            switch result {
            case .success(let id): print(id)
            case .failure(let code, let message):
                allStored = false
                FileHandle.standardError.write(Data("error: \(code): \(message)\n".utf8))
                print("error \(code)")
            }
        }
        return allStored
    }
}
