import ArgumentParser
import Foundation
import HeraldAdmin

/// `herald dlq list`: dead-letter entries, newest filters applied on the server.
struct DLQListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List dead-lettered events.")

    @Option(help: "Only this target (BUS/RULE/TARGET_ID).")
    var target: String?

    @Option(help: "Only entries dead-lettered since TIME: ISO 8601, or an age like 30m, 2h, 7d.")
    var since: String?

    @Option(help: "Only this reason (permanent, retries_exhausted, max_age_exceeded, skipped, undecodable).")
    var reason: String?

    @Option(help: "At most this many entries (1...1000).")
    var limit: Int = 100

    @Option(help: "Continue after this sequence (with --target; printed when more entries exist).")
    var after: UInt64?

    @OptionGroup var options: AdminOptions

    func run() async throws {
        var query = DeadLetterQuery(target: target, reason: reason, limit: limit, after: after)
        if let since {
            let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
            guard let time = AdminTime.parse(since, now: now) else {
                throw ValidationError("--since must be ISO 8601 (2026-11-22T17:00:00Z) or an age like 30m, 2h, 7d")
            }
            query.since = time
        }
        try await AdminCommandRunner.run(options, render: AdminTableRenderer.render) {
            (client) async throws(AdminClientError) in try await client.deadLetters(query)
        }
    }
}
