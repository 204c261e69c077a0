import GRDB
import GRDBSQLite

/// Binds and steps one of GRDB's cached statements through SQLite's C API.
///
/// The ledger writes a row per event and a row per delivery attempt. Through `Statement.execute(arguments:)` each
/// row built an argument array of boxed values and went through GRDB's per-statement bookkeeping, which together
/// cost about as much as SQLite's own insert. The statement stays GRDB's (prepared and cached by it, finalized with
/// the connection); this only binds and steps it, leaving it reset.
struct RawInsert: ~Copyable {
    private let statement: Statement
    private let handle: OpaquePointer
    private var column: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
    }

    mutating func bind(_ value: Int64) {
        column += 1
        sqlite3_bind_int64(handle, column, value)
    }

    mutating func bind(_ value: Int?) {
        column += 1
        if let value { sqlite3_bind_int64(handle, column, Int64(value)) } else { sqlite3_bind_null(handle, column) }
    }

    mutating func bind(_ value: String?) {
        column += 1
        guard var value else {
            sqlite3_bind_null(handle, column)
            return
        }
        let (handle, column) = (handle, column)
        value.withUTF8 { text in
            // An empty buffer may have no base address; SQLite needs a non-null pointer for an empty (non-NULL) text.
            _ = text.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { return sqlite3_bind_text(handle, column, "", 0, QueryConnection.transient) }
                return sqlite3_bind_text(handle, column, base, Int32(chars.count), QueryConnection.transient)
            }
        }
    }

    /// Runs the statement with the values bound since the last step, then resets it for the next row.
    mutating func step() throws(DatabaseError) {
        defer {
            sqlite3_reset(handle)
            column = 0
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let connection = sqlite3_db_handle(handle)
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
