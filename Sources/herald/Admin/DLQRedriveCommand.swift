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
        if !dryRun, sequences.isEmpty, filter == nil {
            // A whole queue: count it, then go page by page with progress when it is large.
            let probe = DeadLetterAction(target: target, dryRun: true)
            let total = try await AdminCommandRunner.call(options) {
                (client) async throws(AdminClientError) in try await client.redrive(probe)
            }.matched
            if total > DLQBatchRunner.pageSize {
                let target = target
                let result = try await DLQBatchRunner(verb: "redrive", target: target, options: options).run(total: total) {
                    (client, page) async throws(AdminClientError) -> Int in
                    try await client.redrive(DeadLetterAction(target: target, sequences: page)).redriven ?? 0
                }
                AdminCommandRunner.print(result, options: options, render: AdminTableRenderer.render)
                return
            }
        }
        try await AdminCommandRunner.run(options, render: AdminTableRenderer.render) {
            (client) async throws(AdminClientError) in try await client.redrive(action)
        }
    }
}
