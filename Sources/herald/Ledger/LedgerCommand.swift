import ArgumentParser
import Foundation
import HeraldLedger
import HeraldLedgerExport
import Logging

/// `herald ledger export --postgres URL`: copies the delivery ledger to PostgreSQL / Supabase, incrementally.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Delivery-ledger maintenance.",
        subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Copy the ledger (events, attempts, receipts, the alert_events view) to PostgreSQL or Supabase.",
            discussion: """
                Creates herald_events, herald_attempts, herald_receipts and the view herald_alert_events if missing, then
                copies the rows not exported yet (run it again, e.g. from cron, to copy what is new; nothing is copied
                twice). Works while the server runs (SQLite WAL). The URL may carry the password; prefer
                PGPASSWORD-free secrets from the environment: --postgres "$LEDGER_POSTGRES_URL".
                Example: herald ledger export --postgres "postgres://herald:secret@db.example.com:5432/herald?sslmode=verify-full"
                """)

        @Option(help: "postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable|require|verify-full")
        var postgres: String

        @Option(help: "The data directory holding ledger.sqlite (default ./herald-data).")
        var dataDir: String = "./herald-data"

        @Option(help: "The ledger file, when `ledger.Path` moved it out of the data directory.")
        var ledgerFile: String?

        @Option(help: "Rows per PostgreSQL transaction.")
        var batchSize: Int = 500

        func run() async throws {
            let path = ledgerFile ?? dataDir + "/" + LedgerStore.defaultFileName
            do {
                guard FileManager.default.fileExists(atPath: path) else { throw LedgerCommandError("no ledger at \(path)") }
                let config = try PostgresConfig(url: postgres)
                let store = try LedgerStore(path: path)
                var logger = Logger(label: "herald.ledger.export")
                logger.logLevel = .warning
                let summary = try await LedgerExporter(store: store, batchSize: max(1, batchSize)).export(to: config, logger: logger)
                for table in LedgerTable.allCases {
                    let figures = summary.tables[table]
                    print("\(table.rawValue): \(figures?.inserted ?? 0) new rows exported (\(figures?.read ?? 0) read)")
                }
                print("exported \(summary.totalInserted) rows to \(config)")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
