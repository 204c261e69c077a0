import GRDBSQLite

/// The read-only policy of ``LedgerQuery``: which SQLite authorizer actions a query may perform.
enum QueryAuthorizer {
    /// Pragmas that only inspect the schema; allowed with or without an argument (`PRAGMA table_info(events)`).
    static let inspectionPragmas: Set<String> = [
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "database_list", "collation_list", "function_list", "module_list", "pragma_list", "table_list",
    ]
    /// Pragmas allowed only as reads (no `= value`).
    static let readOnlyPragmas: Set<String> = [
        "user_version", "schema_version", "application_id", "journal_mode", "page_count", "page_size",
        "freelist_count", "encoding", "data_version",
    ]

    /// `nil` to allow the action, or a description of why it is refused.
    static func decide(action: Int32, first: String?, second: String?) -> String? {
        switch action {
        case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
            return nil
        case SQLITE_FUNCTION:
            let name = (second ?? "").lowercased()
            return name == "load_extension" ? "function load_extension" : nil
        case SQLITE_PRAGMA:
            let name = (first ?? "").lowercased()
            if inspectionPragmas.contains(name) { return nil }
            if readOnlyPragmas.contains(name) && second == nil { return nil }
            if let second { return "PRAGMA \(name) = \(second)" }
            return "PRAGMA \(name)"
        case SQLITE_INSERT: return "INSERT into \(first ?? "a table")"
        case SQLITE_UPDATE: return "UPDATE of \(first ?? "a table")"
        case SQLITE_DELETE: return "DELETE from \(first ?? "a table")"
        case SQLITE_ATTACH: return "ATTACH"
        case SQLITE_DETACH: return "DETACH"
        case SQLITE_ALTER_TABLE: return "ALTER TABLE"
        case SQLITE_TRANSACTION: return "transaction control (\(first ?? "BEGIN"))"
        case SQLITE_SAVEPOINT: return "SAVEPOINT"
        case SQLITE_ANALYZE: return "ANALYZE"
        case SQLITE_REINDEX: return "REINDEX"
        case SQLITE_CREATE_INDEX, SQLITE_CREATE_TABLE, SQLITE_CREATE_TEMP_INDEX, SQLITE_CREATE_TEMP_TABLE,
            SQLITE_CREATE_TEMP_TRIGGER, SQLITE_CREATE_TEMP_VIEW, SQLITE_CREATE_TRIGGER, SQLITE_CREATE_VIEW,
            SQLITE_CREATE_VTABLE:
            return "CREATE \(first ?? "")"
        case SQLITE_DROP_INDEX, SQLITE_DROP_TABLE, SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_TABLE,
            SQLITE_DROP_TEMP_TRIGGER, SQLITE_DROP_TEMP_VIEW, SQLITE_DROP_TRIGGER, SQLITE_DROP_VIEW,
            SQLITE_DROP_VTABLE:
            return "DROP \(first ?? "")"
        default:
            return "SQLite action \(action)"
        }
    }
}
