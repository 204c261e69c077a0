import ArgumentParser
import Foundation
import HeraldAdmin

/// Redrives or purges a target's whole dead-letter queue page by page from the CLI, so a large queue shows progress
/// (a bar on a terminal, `progress:` lines otherwise, on standard error) and Ctrl-C stops cleanly between pages:
/// what was done stays done, the rest stays in the queue, and the command says how far it got (exit status 130).
struct DLQBatchRunner {
    /// Entries per admin call.
    static let pageSize = 500

    /// `redrive` or `purge`.
    let verb: String
    let target: String
    let options: AdminOptions

    /// Runs `action` on every entry of the target; `total` is the dry-run count shown as the goal.
    func run(
        total: Int, _ action: @escaping @Sendable (AdminClient, [UInt64]) async throws(AdminClientError) -> Int
    ) async throws -> DeadLetterActionResult {
        let interrupt = InterruptWatcher()
        defer { interrupt.stop() }
        let pageSize = Self.pageSize
        let target = target
        let verb = verb
        let (done, interrupted) = try await AdminCommandRunner.call(options) {
            (client) async throws(AdminClientError) -> (Int, Bool) in
            var progress = ProgressReporter()
            var done = 0
            var after: UInt64?
            while true {
                if interrupt.wasInterrupted { return (done, true) }
                let page = try await client.deadLetters(DeadLetterQuery(target: target, limit: pageSize, after: after))
                guard let last = page.entries.last else { break }
                after = last.sequence
                done += try await action(client, page.entries.map(\.sequence))
                progress.update(fraction: total > 0 ? Double(done) / Double(total) : nil, "\(verb) \(done) of \(total)")
                if page.nextAfter == nil { break }
            }
            progress.finish("\(verb): \(done) of \(total) done")
            return (done, false)
        }
        if interrupted {
            FileHandle.standardError.write(Data(
                "interrupted: \(done) of \(total) entries done; the rest are still in the dead-letter queue (run the command again to continue)\n".utf8))
            throw ExitCode(130)
        }
        return verb == "purge"
            ? DeadLetterActionResult(matched: total, purged: done, dryRun: false)
            : DeadLetterActionResult(matched: total, redriven: done, dryRun: false)
    }
}
