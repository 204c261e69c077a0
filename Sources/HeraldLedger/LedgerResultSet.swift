/// The result of a ledger query or report: column names, rows of values, and whether rows were cut off.
public struct LedgerResultSet: Sendable, Hashable {
    /// Column names in query order.
    public var columns: [String]
    /// Rows; each has one value per column.
    public var rows: [[LedgerValue]]
    /// `true` when the query produced more rows than the row limit allowed.
    public var truncated: Bool

    /// Creates a result set.
    public init(columns: [String], rows: [[LedgerValue]], truncated: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.truncated = truncated
    }

    /// The values of the named column, or `nil` if there is no such column.
    public func column(_ name: String) -> [LedgerValue]? {
        guard let index = columns.firstIndex(of: name) else { return nil }
        return rows.map { index < $0.count ? $0[index] : .null }
    }

    /// Renders the result in `format`.
    public func rendered(as format: LedgerOutputFormat) -> String {
        switch format {
        case .table: return renderTable()
        case .json: return renderJSON()
        case .csv: return renderCSV()
        }
    }
}

/// How a ``LedgerResultSet`` is rendered.
public enum LedgerOutputFormat: String, Sendable, Hashable, CaseIterable {
    /// An aligned text table with a header rule and a row count.
    case table
    /// A JSON array of objects, one per row, keys in column order.
    case json
    /// RFC 4180 CSV with a header line and CRLF line ends.
    case csv
}
