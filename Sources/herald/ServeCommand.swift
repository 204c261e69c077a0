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
        let services: [any Service] = [ReadyService(message: "herald ready data-dir=\(dataDir)")]
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}

/// Prints the ready line, then waits for graceful shutdown.
struct ReadyService: Service {
    let message: String
    func run() async throws {
        print(message)
        try? await gracefulShutdown()
    }
}
