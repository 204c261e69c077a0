import GRDB

extension LedgerStore {
    /// Deletes events, attempts and receipts older than a cutoff, in bounded batches.
    ///
    /// Each batch is its own short write transaction (at most `batchSize` rows of one table), so the write lock
    /// is never held for long and the feeder can interleave its batches. Cursors are never deleted.
    ///
    /// - Parameters:
    ///   - ms: The cutoff in milliseconds since the Unix epoch; rows with `events.time_ms`, `attempts.time_ms`
    ///     or `receipts.occurred_at_ms` strictly below it are deleted.
    ///   - batchSize: Rows per transaction (≥ 1).
    /// - Returns: The number of rows deleted across the three tables.
    /// - Throws: ``LedgerError/invalidArgument(_:)`` for a bad batch size, ``LedgerError/database(_:)``.
    @discardableResult
    public func deleteOlderThan(ms cutoff: Int64, batchSize: Int = 1000) throws(LedgerError) -> Int {
        guard batchSize >= 1 else { throw .invalidArgument("batch size must be at least 1 (got \(batchSize))") }
        let tables: [(table: String, column: String)] = [
            ("attempts", "time_ms"), ("receipts", "occurred_at_ms"), ("events", "time_ms"),
        ]
        var total = 0
        for (table, column) in tables {
            let sql = """
                DELETE FROM \(table) WHERE row_id IN
                    (SELECT row_id FROM \(table) WHERE \(column) < ? ORDER BY \(column) LIMIT ?)
                """
            while true {
                let deleted = try write { db in
                    try db.execute(sql: sql, arguments: [cutoff, batchSize])
                    return db.changesCount
                }
                total += deleted
                if deleted < batchSize { break }
            }
        }
        return total
    }
}
