import ArgumentParser
import HeraldAdmin

/// `herald dlq show TARGET SEQUENCE`: one entry's event and every attempt.
struct DLQShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one dead-lettered event with every delivery attempt.")

    @Argument(help: "The target (BUS/RULE/TARGET_ID).")
    var target: String

    @Argument(help: "The entry's sequence (from `herald dlq list`).")
    var sequence: UInt64

    @OptionGroup var options: AdminOptions

    func run() async throws {
        let target = target
        let sequence = sequence
        try await AdminCommandRunner.run(options, render: AdminTableRenderer.render) {
            (client) async throws(AdminClientError) in try await client.deadLetter(target: target, sequence: sequence)
        }
    }
}
