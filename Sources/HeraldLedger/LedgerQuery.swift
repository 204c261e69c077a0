import GRDBSQLite

/// Runs one read-only SQL statement against a ledger file, with a row limit and a time limit.
///
/// Each ``run(sql:parameters:rowLimit:timeLimit:)`` opens its own connection with `SQLITE_OPEN_READONLY`
/// and installs two guards before compiling the query:
/// - an authorizer (`sqlite3_set_authorizer`) that allows only `SELECT`, table reads, functions, recursive CTEs
///   and a short list of schema-inspection pragmas; `INSERT`, `UPDATE`, `DELETE`, `CREATE`, `DROP`, `ALTER`,
///   `ATTACH`, `DETACH`, transactions, `ANALYZE`, `REINDEX` and every other pragma are refused at compile time;
/// - a progress handler that interrupts the statement once the time limit has passed.
/// Only one statement is accepted; a second statement (even a harmless one) is refused.
///
/// - Important: The query connection reads the WAL written by ``LedgerStore``; the store (or any writer) should
///   have opened the file at least once so the WAL index exists. The connection is closed before `run` returns.
public struct LedgerQuery: Sendable {
    /// The SQLite file queried.
    public let path: String

    /// Creates a query runner for the ledger file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Runs one read-only statement.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement (a trailing `;` is fine). Parameters are named: `:name`, `@name` or `$name`.
    ///   - parameters: Values by name, with or without the leading `:`/`@`/`$`. Unused entries are ignored.
    ///   - rowLimit: The maximum number of rows returned (≥ 0); further rows set ``LedgerResultSet/truncated``.
    ///   - timeLimit: The maximum wall-clock time for the statement (> 0).
    /// - Returns: Column names, at most `rowLimit` rows, and whether rows were cut off.
    /// - Throws: ``LedgerError/writeRefused(_:)``, ``LedgerError/multipleStatements``,
    ///   ``LedgerError/emptyQuery``, ``LedgerError/invalidSQL(_:)``, ``LedgerError/missingParameter(_:)``,
    ///   ``LedgerError/positionalParameter(_:)``, ``LedgerError/queryTimedOut(_:)``,
    ///   ``LedgerError/invalidArgument(_:)``, ``LedgerError/cannotOpen(path:reason:)`` or
    ///   ``LedgerError/database(_:)``.
    public func run(
        sql: String, parameters: [String: LedgerValue] = [:], rowLimit: Int = 1000,
        timeLimit: Duration = .seconds(5)
    ) throws(LedgerError) -> LedgerResultSet {
        guard rowLimit >= 0 else { throw .invalidArgument("row limit must not be negative (got \(rowLimit))") }
        guard timeLimit > .zero else { throw .invalidArgument("time limit must be positive (got \(timeLimit))") }
        let connection = try QueryConnection(path: path, timeLimit: timeLimit)
        defer { connection.close() }
        let statement = try connection.prepare(sql)
        defer { sqlite3_finalize(statement) }
        try connection.bind(parameters, to: statement)
        return try connection.fetch(statement, rowLimit: rowLimit, timeLimit: timeLimit)
    }
}
