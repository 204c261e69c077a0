import ArgumentParser
import Logging
import ServiceLifecycle

/// `herald serve`: runs the server on a data directory until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Herald server.")

    @Option(name: .long, help: "Directory holding Herald's data (created if missing).")
    var dataDir: String = "./herald-data"

    func run() async throws {
        let logger = Logger(label: "herald")
        let group = ServiceGroup(
            configuration: .init(services: [], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        print("herald ready data-dir=\(dataDir)")
        try await group.run()
    }
}
