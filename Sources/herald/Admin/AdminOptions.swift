import ArgumentParser
import Foundation
import HeraldAdmin

/// How admin commands print their answer.
enum AdminOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

/// Options shared by `herald status` and `herald dlq …`: where the admin API is and how to print.
struct AdminOptions: ParsableArguments {
    @Option(help: "Base URL of the running Herald's HTTP API.")
    var endpoint: String = "http://127.0.0.1:4010"

    @Option(help: "Admin bearer token (default: the HERALD_ADMIN_TOKEN environment variable).")
    var token: String?

    @Option(help: "Output format: table or json.")
    var output: AdminOutputFormat = .table

    /// The token from `--token` or the environment.
    var resolvedToken: String? {
        token ?? ProcessInfo.processInfo.environment["HERALD_ADMIN_TOKEN"]
    }
}
