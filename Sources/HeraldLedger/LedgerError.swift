/// Errors raised by the delivery ledger: opening and migrating the SQLite file, applying batches, running
/// read-only queries and building reports.
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ledger file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The file's schema version (`PRAGMA user_version`) is newer than this build understands.
    case unsupportedSchemaVersion(found: Int, supported: Int)
    /// SQLite reported an error while reading or writing ledger rows.
    case database(String)
    /// A numeric value does not fit SQLite's signed 64-bit integers.
    case valueOutOfRange(field: String, value: UInt64)
    /// A query tried to modify the database (or use a statement outside the read-only allow-list).
    case writeRefused(String)
    /// The query text holds more than one SQL statement.
    case multipleStatements
    /// The query text holds no SQL statement.
    case emptyQuery
    /// SQLite could not compile the query.
    case invalidSQL(String)
    /// The query names a parameter (`:name`) that the caller did not supply.
    case missingParameter(String)
    /// The query uses a positional (`?`) parameter; only named parameters are supported.
    case positionalParameter(String)
    /// The query ran longer than its time limit and was interrupted.
    case queryTimedOut(Duration)
    /// A row limit, time limit or time window is not usable.
    case invalidArgument(String)

    /// A one-line, human-readable explanation.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open ledger at \(path): \(reason)"
        case .unsupportedSchemaVersion(let found, let supported):
            return "ledger schema version \(found) is newer than this build supports (\(supported))"
        case .database(let message):
            return "ledger database error: \(message)"
        case .valueOutOfRange(let field, let value):
            return "\(field) = \(value) does not fit a signed 64-bit integer"
        case .writeRefused(let what):
            return "query refused: the ledger is read-only here (\(what))"
        case .multipleStatements:
            return "query refused: only one SQL statement may be run at a time"
        case .emptyQuery:
            return "query is empty"
        case .invalidSQL(let message):
            return "invalid SQL: \(message)"
        case .missingParameter(let name):
            return "missing value for query parameter \(name)"
        case .positionalParameter(let name):
            return "positional parameter \(name) is not supported: use named parameters such as :name"
        case .queryTimedOut(let limit):
            return "query cancelled: it ran longer than the time limit of \(limit)"
        case .invalidArgument(let message):
            return "invalid argument: \(message)"
        }
    }
}
