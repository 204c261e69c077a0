import GRDBSQLite

/// One read-only SQLite connection with the query guards installed; used by a single ``LedgerQuery/run`` call on
/// one thread and closed before it returns.
final class QueryConnection {
    /// The raw read-only `sqlite3*` connection, owned by this object.
    let handle: OpaquePointer
    /// State shared with the authorizer and progress callbacks.
    let guardState: QueryGuard
    private var closed = false

    /// Opens `path` read-only and installs the authorizer, the progress handler and a busy timeout.
    init(path: String, timeLimit: Duration) throws(LedgerError) {
        var raw: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &raw, flags, nil)
        guard code == SQLITE_OK, let handle = raw else {
            let message = raw.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(code)"
            if let raw { sqlite3_close_v2(raw) }
            throw .cannotOpen(path: path, reason: message)
        }
        self.handle = handle
        guardState = QueryGuard(deadline: ContinuousClock.now.advanced(by: timeLimit))
        let (seconds, attoseconds) = timeLimit.components
        let milliseconds = max(1, min(Int64(Int32.max), seconds &* 1000 &+ attoseconds / 1_000_000_000_000_000))
        sqlite3_busy_timeout(handle, Int32(milliseconds))
        // Bound single values (a `zeroblob(1e9)` would otherwise allocate 1 GB) and the query text.
        sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, Self.maximumValueLength)
        sqlite3_limit(handle, SQLITE_LIMIT_SQL_LENGTH, Self.maximumSQLLength)
        let context = Unmanaged.passUnretained(guardState).toOpaque()
        sqlite3_set_authorizer(
            handle,
            { context, action, first, second, _, _ in
                guard let context else { return SQLITE_DENY }
                let state = Unmanaged<QueryGuard>.fromOpaque(context).takeUnretainedValue()
                let verdict = QueryAuthorizer.decide(
                    action: action, first: first.map { String(cString: $0) },
                    second: second.map { String(cString: $0) })
                if action == SQLITE_PRAGMA { state.sawPragma = true }
                if let refusal = verdict {
                    if state.refusal == nil { state.refusal = refusal }
                    return SQLITE_DENY
                }
                return SQLITE_OK
            },
            context)
        sqlite3_progress_handler(
            handle, 1000,
            { context in
                guard let context else { return 1 }
                let state = Unmanaged<QueryGuard>.fromOpaque(context).takeUnretainedValue()
                if ContinuousClock.now >= state.deadline {
                    state.timedOut = true
                    return 1
                }
                return 0
            },
            context)
    }

    /// Removes the callbacks and closes the connection (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        sqlite3_progress_handler(handle, 0, nil, nil)
        sqlite3_set_authorizer(handle, nil, nil)
        sqlite3_close_v2(handle)
    }

    /// SQLite's message for the connection's last error.
    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Compiles exactly one statement; refuses empty text and anything after the first statement.
    func prepare(_ sql: String) throws(LedgerError) -> OpaquePointer {
        let result: Result<OpaquePointer, LedgerError> = sql.withCString { text in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
            guard code == SQLITE_OK else {
                if let refusal = guardState.refusal { return .failure(.writeRefused(refusal)) }
                if code == SQLITE_AUTH { return .failure(.writeRefused(errorMessage)) }
                return .failure(.invalidSQL(errorMessage))
            }
            guard let statement else { return .failure(.emptyQuery) }
            if let tail, tail.pointee != 0 {
                var next: OpaquePointer?
                let nextCode = sqlite3_prepare_v2(handle, tail, -1, &next, nil)
                if nextCode != SQLITE_OK || next != nil {
                    if let next { sqlite3_finalize(next) }
                    sqlite3_finalize(statement)
                    return .failure(.multipleStatements)
                }
            }
            // `sqlite3_stmt_readonly` is false for every pragma, even a read; pragmas were vetted by the authorizer.
            guard guardState.sawPragma || sqlite3_stmt_readonly(statement) != 0 else {
                sqlite3_finalize(statement)
                return .failure(.writeRefused("the statement would modify the database"))
            }
            return .success(statement)
        }
        return try result.get()
    }

    /// Binds every named parameter of `statement` from `parameters`.
    func bind(_ parameters: [String: LedgerValue], to statement: OpaquePointer) throws(LedgerError) {
        let count = sqlite3_bind_parameter_count(statement)
        guard count > 0 else { return }
        for index in 1...count {
            guard let cName = sqlite3_bind_parameter_name(statement, index) else {
                throw .positionalParameter("?")
            }
            let name = String(cString: cName)
            guard let first = name.first, first != "?" else { throw .positionalParameter(name) }
            let bare = String(name.dropFirst())
            guard let value = parameters[bare] ?? parameters[name] else { throw .missingParameter(name) }
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(statement, index)
            case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
            case .double(let number): code = sqlite3_bind_double(statement, index, number)
            case .text(let text): code = sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .blob(let bytes):
                if bytes.isEmpty {
                    code = sqlite3_bind_zeroblob(statement, index, 0)
                } else {
                    code = bytes.withUnsafeBytes { buffer in
                        sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
                    }
                }
            }
            guard code == SQLITE_OK else { throw .database("cannot bind \(name): \(errorMessage)") }
        }
    }

    /// Steps `statement`, collecting at most `rowLimit` rows.
    func fetch(_ statement: OpaquePointer, rowLimit: Int, timeLimit: Duration) throws(LedgerError) -> LedgerResultSet {
        let columnCount = Int(sqlite3_column_count(statement))
        let columns: [String] = (0..<columnCount).map { index in
            sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? "column\(index + 1)"
        }
        var rows: [[LedgerValue]] = []
        var truncated = false
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                if guardState.timedOut || code & 0xff == SQLITE_INTERRUPT { throw .queryTimedOut(timeLimit) }
                if let refusal = guardState.refusal { throw .writeRefused(refusal) }
                // What the statement itself got wrong at run time (a value too big, an integer overflow, a bad
                // argument to a function) is the caller's error; the file or the machine failing is not.
                switch code & 0xff {
                case SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOMEM, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_BUSY, SQLITE_LOCKED:
                    throw .database(errorMessage)
                default:
                    throw .invalidSQL(errorMessage)
                }
            }
            if rows.count >= rowLimit {
                truncated = true
                break
            }
            rows.append((0..<columnCount).map { Self.value(statement, Int32($0)) })
        }
        return LedgerResultSet(columns: columns, rows: rows, truncated: truncated)
    }

    /// The value of column `index` of the current row.
    static func value(_ statement: OpaquePointer, _ index: Int32) -> LedgerValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            let length = Int(sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard length > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
        default: return .null
        }
    }

    /// The largest string or blob a query may produce (16 MiB).
    static let maximumValueLength: Int32 = 16 << 20
    /// The longest accepted query text (1 MiB).
    static let maximumSQLLength: Int32 = 1 << 20

    /// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// State shared with the SQLite callbacks of one ``QueryConnection`` (same thread only).
final class QueryGuard {
    /// When the progress handler interrupts the statement.
    let deadline: ContinuousClock.Instant
    /// The first action the authorizer refused, for the error message.
    var refusal: String?
    /// Set when the progress handler interrupted the statement.
    var timedOut = false
    /// Set when the statement is a pragma (vetted by the authorizer).
    var sawPragma = false

    /// Creates the state for one run.
    init(deadline: ContinuousClock.Instant) {
        self.deadline = deadline
    }
}
