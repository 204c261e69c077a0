import ArgumentParser
import Foundation
import HeraldApp
import HeraldConfig
import Logging

/// `herald serve`: runs the server on a data directory until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Herald server: EventBridge API over HTTP, producers' Unix socket, delivery.",
        discussion: """
            Prints one "herald ready …" line once it accepts events. SIGTERM/SIGINT stop it gracefully.
            Settings come from flags, then the --config file's `server:` section, then defaults.
            Credentials: HERALD_ACCESS_KEY_ID and HERALD_SECRET_ACCESS_KEY (or `server.credentials` in the file) make \
            every API call require AWS SigV4; without them Herald runs in developer mode and listens on loopback only.
            """
    )

    @Option(name: .long, help: "Directory holding Herald's data (default ./herald-data).")
    var dataDir: String?

    @Option(name: .long, help: "HTTP API address, HOST:PORT (default 127.0.0.1:4010; port 0 picks a free port).")
    var http: String?

    @Option(name: .long, help: "Unix socket path for producers (default: DATA_DIR/herald.sock).")
    var socket: String?

    @Option(name: .long, help: "A YAML configuration file (buses, connections, API destinations, rules, targets).")
    var config: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: Logger.Level?

    @Option(name: .customLong("map-size-mib"), help: "LMDB map size in MiB: the most the data file may grow to (default 8192).")
    var mapSizeMiB: Int?

    @Option(
        name: .customLong("preallocate-mib"),
        help: "While the log grows, keep up to this many MiB of the data file written ahead of its live end, so commits overwrite blocks instead of extending the file (default 64; 0 turns it off).")
    var preallocateMiB: Int?

    @Option(name: .long, help: "Maximum targets per rule (default 5, as AWS).")
    var maxTargetsPerRule: Int?

    @Flag(name: .long, help: "Do not run the SQLite delivery ledger (DATA_DIR/ledger.sqlite) nor journal delivery outcomes for it.")
    var noLedger = false

    func validate() throws {
        if let http { _ = try Self.parseAddress(http, location: "--http") }
        if let mapSizeMiB, mapSizeMiB < 1 { throw ValidationError("--map-size-mib must be at least 1") }
        if let preallocateMiB, preallocateMiB < 0 { throw ValidationError("--preallocate-mib must be 0 (off) or more") }
        if let socket { try Self.checkSocketPath(socket) }
    }

    /// A Unix socket path must fit `sockaddr_un` (107 bytes here) and its directory must exist: said with the path
    /// and where it came from (`source`: `--socket`, `server.socket`, or the default in the data directory), before
    /// anything starts. `directoryMayBeCreated`: the default's directory is the data directory, which the start creates.
    static func checkSocketPath(_ path: String, source: String = "--socket", directoryMayBeCreated: Bool = false) throws {
        let limit = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
        guard path.utf8.count <= limit else {
            throw ValidationError("\(source) \(path) is \(path.utf8.count) bytes; a Unix socket path may have at most \(limit)")
        }
        guard !directoryMayBeCreated else { return }
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard directory.isEmpty || (FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue) else {
            throw ValidationError("\(source) \(path): the directory \(directory) does not exist")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let file: HeraldConfigFile?
        do {
            file = try config.map { try HeraldConfigFile.load(path: $0, environment: environment) }
        } catch {
            Self.fail("\(error)")
        }
        let server = file?.server
        let level = logLevel ?? server?.logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "herald")
        let (host, port): (String, Int)
        do {
            (host, port) = try Self.parseAddress(http ?? server?.httpAddress ?? "127.0.0.1:4010", location: http == nil ? "server.http" : "--http")
        } catch {
            Self.fail("\(error)")
        }
        var credentials = server?.credentials ?? [:]
        switch (environment["HERALD_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }, environment["HERALD_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }) {
        case (let key?, let secret?):
            credentials[key] = secret
        case (.some, nil):
            // An empty secret would let anyone sign (the key id travels in every request); a missing one would quietly
            // mean developer mode.
            Self.fail("HERALD_ACCESS_KEY_ID is set but HERALD_SECRET_ACCESS_KEY is empty or unset: set both, or neither for developer mode")
        case (nil, .some):
            Self.fail("HERALD_SECRET_ACCESS_KEY is set but HERALD_ACCESS_KEY_ID is empty or unset: set both, or neither for developer mode")
        case (nil, nil):
            break
        }
        let defaults = HeraldConfiguration()
        var configuration = HeraldConfiguration(
            dataDirectory: dataDir ?? server?.dataDirectory ?? defaults.dataDirectory, httpHost: host, httpPort: port,
            socketPath: socket ?? server?.socketPath, credentials: credentials, region: server?.region ?? defaults.region,
            accountID: server?.accountID ?? defaults.accountID,
            mapSize: mapSizeMiB.map { $0 << 20 } ?? server?.mapSizeBytes ?? defaults.mapSize,
            maximumEntryBytes: server?.maximumEntryBytes ?? defaults.maximumEntryBytes,
            maxTargetsPerRule: maxTargetsPerRule ?? server?.maxTargetsPerRule ?? defaults.maxTargetsPerRule,
            adminToken: environment["HERALD_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
        if socket == nil {
            // An explicit --socket was checked by validate(); one from the file or the default is checked here.
            do {
                if let path = server?.socketPath {
                    try Self.checkSocketPath(path, source: "server.SocketPath")
                } else {
                    try Self.checkSocketPath(
                        configuration.socketPath, source: "the default socket path (DATA_DIR/herald.sock; choose another with --socket)",
                        directoryMayBeCreated: true)
                }
            } catch {
                Self.fail("\(error)")
            }
        }
        configuration.ledgerEnabled = !noLedger
        configuration.preallocateBytes = preallocateMiB.map { $0 << 20 } ?? server?.preallocateBytes ?? configuration.preallocateBytes
        do {
            try await HeraldApplication(configuration: configuration, file: file, logger: logger).run { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        } catch {
            Self.fail("\(error)")
        }
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("herald: \(message)\n".utf8))
        Foundation.exit(1)
    }

    private static func parseAddress(_ text: String, location: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("\(location) must be HOST:PORT, e.g. 127.0.0.1:4010, not \(text)")
        }
        var host = text[..<colon]
        // An IPv6 literal is written in brackets (`[::1]:4010`); the address itself goes without them.
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return (String(host), port)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
