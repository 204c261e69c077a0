import ArgumentParser
import HeraldAdmin

/// `herald dlq redrive`: move dead letters back to the retry queue (due now) for re-delivery.
struct DLQRedriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive",
        abstract: "Send dead-lettered events again (all of a target's, the given sequences, or those matching --filter).")

    @Option(help: "The target (BUS/RULE/TARGET_ID).")
    var target: String

    @Argument(help: "Only these sequences (default: every entry of the target).")
    var sequences: [UInt64] = []

    @Option(help: "Only events matching this EventBridge pattern (JSON), e.g. '{\"source\":[\"shop\"]}'.")
    var filter: String?

    @Flag(help: "Count the matching entries without changing anything.")
    var dryRun = false

    @OptionGroup var options: AdminOptions

    func run() async throws {
        let action = DeadLetterAction(
            target: target, sequences: sequences.isEmpty ? nil : sequences, filter: filter, dryRun: dryRun)
        try await AdminCommandRunner.run(options, render: AdminTableRenderer.render) {
            (client) async throws(AdminClientError) in try await client.redrive(action)
        }
    }
}
