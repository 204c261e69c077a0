import HeraldLedger
import Logging
import NIOSSL
import PostgresNIO

/// Copies the ledger into PostgreSQL (or Supabase) incrementally.
///
/// Each run creates the `herald_*` tables and the `herald_alert_events` view if missing, then, per table, copies
/// rows whose local `row_id` is above the high-water mark stored in `herald_export_state` (keyed by the ledger's
/// ``LedgerStore/instanceID()``). Each batch is one PostgreSQL transaction holding the rows
/// (`INSERT … ON CONFLICT DO NOTHING` on the natural key) and the new high-water mark, so an interrupted run
/// resumes where it stopped and re-running never duplicates rows. A session advisory lock keeps two exports of
/// the same database from interleaving.
///
/// - Important: Reading the local ledger is synchronous SQLite I/O; run exports from a CLI command or a
///   dedicated task, not from an event loop.
public struct LedgerExporter: Sendable {
    /// The ledger read from.
    public let store: LedgerStore
    /// Rows per PostgreSQL transaction (1…2000).
    public let batchSize: Int

    /// Creates an exporter.
    ///
    /// - Parameters:
    ///   - store: The local ledger.
    ///   - batchSize: Rows per PostgreSQL transaction; clamped to 1…2000 (the bind limit is 65,535 values).
    public init(store: LedgerStore, batchSize: Int = 500) {
        self.store = store
        self.batchSize = min(max(batchSize, 1), 2000)
    }

    /// Exports every row not yet exported to `config`.
    ///
    /// - Parameters:
    ///   - config: The PostgreSQL server and database.
    ///   - logger: Receives connection and progress logs (never the password).
    /// - Returns: Rows read and inserted per table.
    /// - Throws: ``LedgerExportError``.
    public func export(to config: PostgresConfig, logger: Logger) async throws(LedgerExportError) -> ExportSummary {
        let ledgerID: String
        do { ledgerID = try store.instanceID() } catch { throw .ledger(error) }
        let connection = try await connect(config, logger: logger)
        do {
            let summary = try await run(on: connection, ledgerID: ledgerID, logger: logger)
            try? await connection.close()
            return summary
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Connects with the URL's TLS mode; errors never include the password.
    func connect(_ config: PostgresConfig, logger: Logger) async throws(LedgerExportError) -> PostgresConnection {
        let tls: PostgresConnection.Configuration.TLS
        switch config.sslMode {
        case .disable:
            tls = .disable
        case .require, .verifyFull:
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if config.sslMode == .require { tlsConfiguration.certificateVerification = .none }
            do {
                tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
            } catch {
                throw .tls(String(describing: error))
            }
        }
        let configuration = PostgresConnection.Configuration(
            host: config.host, port: config.port, username: config.username, password: config.password,
            database: config.database, tls: tls)
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw .connectionFailed("\(config): \(Self.describe(error))")
        }
    }

    /// Takes the advisory lock, creates the schema, copies every table.
    func run(on connection: PostgresConnection, ledgerID: String, logger: Logger) async throws(LedgerExportError)
        -> ExportSummary
    {
        try await execute("SELECT pg_advisory_lock(hashtext('herald_ledger_export'))", on: connection, logger: logger)
        for statement in PostgresSchema.statements {
            try await execute(PostgresQuery(unsafeSQL: statement), on: connection, logger: logger)
        }
        var tables: [LedgerTable: ExportSummary.Table] = [:]
        for table in LedgerTable.allCases {
            tables[table] = try await copy(table, on: connection, ledgerID: ledgerID, logger: logger)
        }
        try await execute("SELECT pg_advisory_unlock(hashtext('herald_ledger_export'))", on: connection, logger: logger)
        return ExportSummary(tables: tables)
    }

    /// Copies one table batch by batch from its high-water mark; each batch and its mark in one transaction.
    func copy(_ table: LedgerTable, on connection: PostgresConnection, ledgerID: String, logger: Logger)
        async throws(LedgerExportError) -> ExportSummary.Table
    {
        var highWater = try await readHighWater(table, on: connection, ledgerID: ledgerID, logger: logger)
        var figures = ExportSummary.Table(read: 0, inserted: 0, highWater: highWater)
        while true {
            let rows: [LedgerExportRow]
            do { rows = try store.rows(of: table, afterRowID: highWater, limit: batchSize) } catch {
                throw .ledger(error)
            }
            guard let last = rows.last else { break }
            let insert = try Self.insertQuery(table, rows: rows)
            let stateQuery: PostgresQuery = """
                INSERT INTO herald_export_state (ledger_id, table_name, high_water)
                VALUES (\(ledgerID), \(table.rawValue), \(last.rowID))
                ON CONFLICT (ledger_id, table_name) DO UPDATE SET high_water = EXCLUDED.high_water, updated_at = now()
                """
            let inserted: Int
            do {
                inserted = try await connection.withTransaction(logger: logger) { connection in
                    var count = 0
                    for try await _ in try await connection.query(insert, logger: logger) { count += 1 }
                    try await connection.query(stateQuery, logger: logger)
                    return count
                }
            } catch {
                throw .postgres("exporting \(table.rawValue): \(Self.describe(error))")
            }
            highWater = last.rowID
            figures.read += rows.count
            figures.inserted += inserted
            figures.highWater = highWater
            logger.debug(
                "ledger export batch",
                metadata: ["table": "\(table.rawValue)", "rows": "\(rows.count)", "high_water": "\(highWater)"])
        }
        return figures
    }

    /// The table's stored high-water mark for this ledger, or 0.
    func readHighWater(_ table: LedgerTable, on connection: PostgresConnection, ledgerID: String, logger: Logger)
        async throws(LedgerExportError) -> Int64
    {
        do {
            let rows = try await connection.query(
                """
                SELECT high_water FROM herald_export_state
                WHERE ledger_id = \(ledgerID) AND table_name = \(table.rawValue)
                """,
                logger: logger)
            for try await value in rows.decode(Int64.self) { return value }
            return 0
        } catch {
            throw .postgres("reading the export state: \(Self.describe(error))")
        }
    }

    /// `INSERT INTO herald_<table> (…) VALUES (…), (…) ON CONFLICT (key) DO NOTHING RETURNING 1`.
    static func insertQuery(_ table: LedgerTable, rows: [LedgerExportRow]) throws(LedgerExportError) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: rows.count * table.columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        var index = 0
        for row in rows {
            guard row.values.count == table.columns.count else {
                throw .ledger(.database("\(table.rawValue) row \(row.rowID) has \(row.values.count) values"))
            }
            var placeholders: [String] = []
            for value in row.values {
                index += 1
                placeholders.append("$\(index)")
                switch value {
                case .null: bindings.appendNull()
                case .integer(let number): bindings.append(number)
                case .double(let number): bindings.append(number)
                case .text(let text): bindings.append(text)
                case .blob(let bytes): bindings.append(LedgerValue.blob(bytes).displayText)
                }
            }
            tuples.append("(\(placeholders.joined(separator: ", ")))")
        }
        let sql = "INSERT INTO \(PostgresSchema.tableName(table)) (\(table.columns.joined(separator: ", "))) VALUES "
            + tuples.joined(separator: ", ") + " ON CONFLICT (\(table.keyColumn)) DO NOTHING RETURNING 1"
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// Runs a statement whose rows are not needed.
    func execute(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger)
        async throws(LedgerExportError)
    {
        do {
            try await connection.query(query, logger: logger)
        } catch {
            throw .postgres(Self.describe(error))
        }
    }

    /// The server's message for PostgreSQL errors, else the error's description.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return String(reflecting: error)
        }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.commitError ?? error.beginError {
                return describe(inner)
            }
        }
        return String(describing: error)
    }
}
