import ArgumentParser
import Foundation
import HeraldApp
import Logging

/// `herald serve`: runs the server on a data directory until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Herald server: EventBridge API over HTTP, producers' Unix socket, delivery.",
        discussion: """
            Prints one "herald ready …" line once it accepts events. SIGTERM/SIGINT stop it gracefully.
            Credentials: set HERALD_ACCESS_KEY_ID and HERALD_SECRET_ACCESS_KEY to require AWS SigV4 on every API \
            call; without them Herald runs in developer mode and listens on loopback only.
            """
    )

    @Option(name: .long, help: "Directory holding Herald's data (created if missing).")
    var dataDir: String = "./herald-data"

    @Option(name: .long, help: "HTTP API address, HOST:PORT (port 0 picks a free port).")
    var http: String = "127.0.0.1:4010"

    @Option(name: .long, help: "Unix socket path for producers (default: DATA_DIR/herald.sock).")
    var socket: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(name: .long, help: "LMDB map size in MiB (the most the data file may grow to).")
    var mapSizeMiB: Int = 8_192

    @Option(name: .long, help: "Maximum targets per rule (AWS allows 5).")
    var maxTargetsPerRule: Int = 5

    func validate() throws {
        _ = try parseAddress()
        guard mapSizeMiB >= 1 else { throw ValidationError("--map-size-mib must be at least 1") }
    }

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "herald")
        let (host, port) = try parseAddress()
        var credentials: [String: String] = [:]
        let environment = ProcessInfo.processInfo.environment
        if let key = environment["HERALD_ACCESS_KEY_ID"], let secret = environment["HERALD_SECRET_ACCESS_KEY"], !key.isEmpty {
            credentials[key] = secret
        }
        let configuration = HeraldConfiguration(
            dataDirectory: dataDir, httpHost: host, httpPort: port, socketPath: socket, credentials: credentials,
            mapSize: mapSizeMiB << 20, maxTargetsPerRule: maxTargetsPerRule)
        do {
            try await HeraldApplication(configuration: configuration, logger: logger).run { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("herald: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func parseAddress() throws -> (String, Int) {
        guard let colon = http.lastIndex(of: ":"), let port = Int(http[http.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--http must be HOST:PORT, e.g. 127.0.0.1:4010")
        }
        return (String(http[..<colon]), port)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
