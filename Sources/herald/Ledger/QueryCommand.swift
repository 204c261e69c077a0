import ArgumentParser
import Foundation
import HeraldLedger

/// `herald query "SQL"`: read-only SQL over the delivery ledger, through a running server's admin API or, with
/// `--data-dir`, straight from `DIR/ledger.sqlite` (e.g. after a crash, with the server down).
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run read-only SQL over the delivery ledger (tables events, attempts, receipts; view alert_events).",
        discussion: """
            Writes are refused. Named parameters: --param escalation_time=2026-11-22T10:02:00.000Z binds :escalation_time \
            (integers and decimals bind as numbers, except spellings like 0042 or +7, which stay text; everything else as text). See Docs/ledger.md for the schema.
            Exit status: 0 with results, 1 on an error (bad SQL, a write, the time limit, server unreachable).
            """)

    @Argument(help: "One SQL statement (SELECT / WITH …).")
    var sql: String?

    @Option(help: "Read the SQL statement from a file instead (e.g. one that starts with a -- comment).")
    var file: String?

    @Option(name: .customLong("param"), help: "A named parameter NAME=VALUE (repeatable).")
    var parameters: [String] = []

    @Option(help: "Output: table, json or csv.")
    var format: LedgerOutputFormat = .table

    @Option(help: "Most rows returned (default 1000).")
    var limit: Int = 1000

    @Option(help: "Time limit in milliseconds (default 5000).")
    var timeoutMs: Int = 5000

    @Option(help: "Base URL of the running Herald's HTTP API.")
    var endpoint: String = "http://127.0.0.1:4010"

    @Option(help: "Admin bearer token (default: the HERALD_ADMIN_TOKEN environment variable).")
    var token: String?

    @Option(help: "Query DIR/ledger.sqlite directly instead of a running server.")
    var dataDir: String?

    @Option(help: "Query this ledger file directly instead of a running server (for a ledger moved with `ledger.Path`).")
    var ledgerFile: String?

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
        guard timeoutMs > 0 else { throw ValidationError("--timeout-ms must be positive") }
        _ = try Self.parse(parameters)
        guard (sql == nil) != (file == nil) else { throw ValidationError("give the SQL as an argument or with --file, not both") }
        guard dataDir == nil || ledgerFile == nil else { throw ValidationError("give --data-dir or --ledger-file, not both") }
    }

    func run() async throws {
        let bound = try Self.parse(parameters)
        do {
            let sql = try self.sql ?? String(contentsOfFile: file ?? "", encoding: .utf8)
            let result: LedgerResultSet
            if let path = ledgerFile ?? dataDir.map({ $0 + "/" + LedgerStore.defaultFileName }) {
                guard FileManager.default.fileExists(atPath: path) else { throw LedgerCommandError("no ledger at \(path)") }
                result = try LedgerQuery(path: path).run(sql: sql, parameters: bound, rowLimit: limit, timeLimit: .milliseconds(timeoutMs))
            } else {
                let client = LedgerAPIClient(endpoint: endpoint, token: token ?? ProcessInfo.processInfo.environment["HERALD_ADMIN_TOKEN"])
                result = try await client.query(sql: sql, parameters: bound, limit: limit, timeoutMilliseconds: timeoutMs)
            }
            print(result.rendered(as: format), terminator: format == .json ? "\n" : "")
            if result.truncated, format == .table {
                FileHandle.standardError.write(Data("note: only the first \(limit) rows are shown (--limit)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `NAME=VALUE` pairs → bound values (a leading `:` on the name is optional).
    static func parse(_ pairs: [String]) throws -> [String: LedgerValue] {
        var bound: [String: LedgerValue] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--param must be NAME=VALUE, not \(pair)")
            }
            var name = String(pair[..<equals])
            if name.hasPrefix(":") { name.removeFirst() }
            let text = String(pair[pair.index(after: equals)...])
            // Only a number's own spelling binds as a number: `0042` or `+7` stay text (an incident id, a phone number).
            if let integer = Int64(text), String(integer) == text {
                bound[name] = .integer(integer)
            } else if let number = Double(text), text.contains("."), text.first != "+", !text.hasPrefix("0") || text.hasPrefix("0.") {
                bound[name] = .double(number)
            } else {
                bound[name] = .text(text)
            }
        }
        return bound
    }
}

extension LedgerOutputFormat: ExpressibleByArgument {}

extension LedgerResultSet {
    /// The set in the chosen output format.
    func rendered(as format: LedgerOutputFormat) -> String {
        switch format {
        case .table: renderTable()
        case .json: renderJSON()
        case .csv: renderCSV()
        }
    }
}
