import ArgumentParser
import Foundation
import HeraldAdmin

/// `herald dlq purge`: delete dead letters for good, after confirmation.
struct DLQPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Delete dead-lettered events (all of a target's, or the given sequences).")

    @Option(help: "The target (BUS/RULE/TARGET_ID).")
    var target: String

    @Argument(help: "Only these sequences (default: every entry of the target).")
    var sequences: [UInt64] = []

    @Flag(help: "Do not ask for confirmation (required when standard input is not a terminal).")
    var yes = false

    @OptionGroup var options: AdminOptions

    func run() async throws {
        let selected = sequences.isEmpty ? nil : sequences
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw ValidationError("refusing to purge without --yes when standard input is not a terminal")
            }
            let probe = DeadLetterAction(target: target, sequences: selected, dryRun: true)
            let count = try await AdminCommandRunner.call(options) {
                (client) async throws(AdminClientError) in try await client.purge(probe)
            }.matched
            print("Delete \(count) dead-lettered event(s) of \(target) for good? Type 'yes' to confirm: ", terminator: "")
            guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                print("aborted; nothing deleted")
                throw ExitCode.failure
            }
        }
        let action = DeadLetterAction(target: target, sequences: selected)
        if selected == nil {
            let probe = DeadLetterAction(target: target, dryRun: true)
            let total = try await AdminCommandRunner.call(options) {
                (client) async throws(AdminClientError) in try await client.purge(probe)
            }.matched
            if total > DLQBatchRunner.pageSize {
                let target = target
                let result = try await DLQBatchRunner(verb: "purge", target: target, options: options).run(total: total) {
                    (client, page) async throws(AdminClientError) -> Int in
                    try await client.purge(DeadLetterAction(target: target, sequences: page)).purged ?? 0
                }
                AdminCommandRunner.print(result, options: options, render: AdminTableRenderer.render)
                return
            }
        }
        try await AdminCommandRunner.run(options, render: AdminTableRenderer.render) {
            (client) async throws(AdminClientError) in try await client.purge(action)
        }
    }
}
