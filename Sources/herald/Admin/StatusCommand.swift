import ArgumentParser
import HeraldAdmin

/// `herald status`: uptime, log range, disk use and every target's state, lag, retries and DLQ size.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a running Herald's targets: state, lag, retry queue, dead letters, disk use."
    )

    @OptionGroup var options: AdminOptions

    func run() async throws {
        try await AdminCommandRunner.run(options, render: AdminTableRenderer.render) {
            (client) async throws(AdminClientError) in try await client.status()
        }
    }
}
