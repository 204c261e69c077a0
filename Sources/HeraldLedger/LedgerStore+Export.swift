import GRDB

extension LedgerStore {
    /// A random id created with the file; exporters key their high-water marks by it, so a recreated ledger
    /// (whose `row_id`s start again at 1) is never mistaken for the old one.
    ///
    /// - Throws: ``LedgerError/database(_:)``.
    public func instanceID() throws(LedgerError) -> String {
        let value = try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM ledger_meta WHERE key = 'instance_id'")
        }
        guard let value else { throw .database("ledger_meta has no instance_id") }
        return value
    }

    /// Rows of `table` with `row_id > afterRowID`, in `row_id` order, at most `limit` of them.
    ///
    /// `row_id` is assigned at insertion and never reused (`AUTOINCREMENT`), and the single writer commits in
    /// `row_id` order, so a reader that resumes after the last `row_id` it saw misses no committed row.
    ///
    /// - Throws: ``LedgerError/invalidArgument(_:)`` for `limit < 1`, ``LedgerError/database(_:)``.
    public func rows(of table: LedgerTable, afterRowID: Int64, limit: Int) throws(LedgerError) -> [LedgerExportRow] {
        guard limit >= 1 else { throw .invalidArgument("limit must be at least 1 (got \(limit))") }
        let sql = "SELECT row_id, \(table.columns.joined(separator: ", ")) FROM \(table.rawValue) "
            + "WHERE row_id > ? ORDER BY row_id LIMIT ?"
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: [afterRowID, limit]).map { row in
                let rowID: Int64 = row[0]
                let values: [LedgerValue] = (1..<row.count).map { index in
                    let value: DatabaseValue = row[index]
                    switch value.storage {
                    case .null: return .null
                    case .int64(let number): return .integer(number)
                    case .double(let number): return .double(number)
                    case .string(let text): return .text(text)
                    case .blob(let data): return .blob(Array(data))
                    }
                }
                return LedgerExportRow(rowID: rowID, values: values)
            }
        }
    }
}
