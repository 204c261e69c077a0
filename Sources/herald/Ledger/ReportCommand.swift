import ArgumentParser
import Foundation
import HeraldAdmin
import HeraldLedger

/// `herald report incident ID` and `herald report delivery`: ready-made ledger reports from a running server.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Ready-made delivery-ledger reports.",
        subcommands: [Incident.self, Delivery.self])

    /// Where the server is and how to print.
    struct Options: ParsableArguments {
        @Option(help: "Base URL of the running Herald's HTTP API.")
        var endpoint: String = "http://127.0.0.1:4010"

        @Option(help: "Admin bearer token (default: the HERALD_ADMIN_TOKEN environment variable).")
        var token: String?

        @Option(help: "Output: table, json or csv.")
        var format: LedgerOutputFormat = .table

        var client: LedgerAPIClient {
            LedgerAPIClient(endpoint: endpoint, token: token ?? ProcessInfo.processInfo.environment["HERALD_ADMIN_TOKEN"])
        }

        func print(_ fetch: () async throws -> LedgerResultSet) async throws {
            do {
                let result = try await fetch()
                Swift.print(result.rendered(as: format), terminator: format == .json ? "\n" : "")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    struct Incident: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incident",
            abstract: "Timeline of one incident (correlation id): the event, each send, each receipt, with relative times.")

        @Argument(help: "The incident / correlation id, e.g. INC-42.")
        var id: String

        @OptionGroup var options: Options

        func run() async throws {
            try await options.print { try await options.client.report("incident", query: [("id", id)]) }
        }
    }

    struct Delivery: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delivery",
            abstract: "Per target: sent, delivered, failed, dead-lettered, p50/p95 time to delivered.")

        @Option(help: "Window start: RFC 3339 time, ms since the epoch, or an age back from now (24h, 30m, 7d). Default 24h.")
        var since: String = "24h"

        @Option(help: "Window end, same forms (default: now).")
        var until: String?

        @OptionGroup var options: Options

        func run() async throws {
            let now = UInt64(Date().timeIntervalSince1970 * 1000)
            guard let start = AdminTime.parse(since, now: now), let end = until.map({ AdminTime.parse($0, now: now) }) ?? now else {
                throw ValidationError("--since/--until must be RFC 3339 times, ms since the epoch, or ages like 24h")
            }
            try await options.print {
                try await options.client.report("delivery", query: [("since", String(start)), ("until", String(end))])
            }
        }
    }
}
