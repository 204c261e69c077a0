import HeraldLedger

/// What one export run did, per table.
public struct ExportSummary: Sendable, Hashable {
    /// Figures for one table.
    public struct Table: Sendable, Hashable {
        /// Rows read from the local ledger (after the previous high-water mark).
        public var read: Int
        /// Rows newly inserted into PostgreSQL (rows already there are skipped).
        public var inserted: Int
        /// The high-water mark (local `row_id`) after the run.
        public var highWater: Int64

        /// Creates a table's figures.
        public init(read: Int, inserted: Int, highWater: Int64) {
            self.read = read
            self.inserted = inserted
            self.highWater = highWater
        }
    }

    /// Figures per table.
    public var tables: [LedgerTable: Table]

    /// Creates a summary.
    public init(tables: [LedgerTable: Table]) {
        self.tables = tables
    }

    /// Rows inserted across all tables.
    public var totalInserted: Int { tables.values.reduce(0) { $0 + $1.inserted } }
}
