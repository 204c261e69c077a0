import HeraldJSON

extension LedgerResultSet {
    /// An aligned text table: header, a rule, one line per row (`NULL` shown as `NULL`), then a row count
    /// (noting truncation). Numbers are right-aligned, other values left-aligned; newlines and tabs in values are
    /// shown as `\n` and `\t` so every row stays on one line.
    public func renderTable() -> String {
        let cells: [[String]] = rows.map { row in
            columns.indices.map { index in
                guard index < row.count else { return "" }
                if case .null = row[index] { return "NULL" }
                return Self.oneLine(row[index].displayText)
            }
        }
        var widths = columns.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let numeric: [Bool] = columns.indices.map { index in
            rows.allSatisfy { row in
                guard index < row.count else { return true }
                switch row[index] {
                case .integer, .double, .null: return true
                case .text, .blob: return false
                }
            } && !rows.isEmpty
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (index, value) in values.enumerated() {
                let padding = String(repeating: " ", count: max(0, widths[index] - value.count))
                parts.append(numeric[index] ? padding + value : value + padding)
            }
            var text = parts.joined(separator: " | ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var output = line(columns) + "\n"
        output += widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
        for row in cells { output += line(row) + "\n" }
        let noun = rows.count == 1 ? "row" : "rows"
        output += "(\(rows.count) \(noun)\(truncated ? ", truncated at the row limit" : ""))\n"
        return output
    }

    /// A JSON array with one object per row (keys in column order; integers as numbers, doubles as numbers or
    /// `null` when not finite, blobs as lowercase hex strings). Truncation is not part of the array; callers that
    /// need it read ``truncated``.
    public func renderJSON() -> String {
        jsonValue.jsonText
    }

    /// The rows as a ``JSONValue`` array of objects.
    public var jsonValue: JSONValue {
        .array(
            rows.map { row in
                var object = JSONObject()
                for (index, name) in columns.enumerated() {
                    object.append(key: name, value: index < row.count ? Self.json(row[index]) : .null)
                }
                return .object(object)
            }
        )
    }

    /// RFC 4180 CSV: a header line, then one line per row, CRLF line ends. Fields holding a comma, a quote, CR or
    /// LF are quoted, with quotes doubled. `NULL` is an empty field.
    public func renderCSV() -> String {
        var output = columns.map(Self.csvField).joined(separator: ",") + "\r\n"
        for row in rows {
            output += columns.indices.map { index in
                index < row.count ? Self.csvField(row[index].displayText) : ""
            }.joined(separator: ",") + "\r\n"
        }
        return output
    }

    /// One CSV field, quoted (quotes doubled) when it holds a comma, quote, CR or LF.
    static func csvField(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }

    /// A cell as a JSON value (blobs as lowercase hex text, non-finite doubles as null).
    static func json(_ value: LedgerValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let number): return .number(JSONNumber(Int(number)))
        case .double(let number): return JSONNumber(number).map(JSONValue.number) ?? .null
        case .text(let text): return .string(text)
        case .blob(let bytes):
            let text = LedgerValue.blob(bytes).displayText
            return .string(String(text.dropFirst(2).dropLast()))
        }
    }

    /// Text with newlines and tabs escaped so a table row stays on one line.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }) else { return text }
        var result = ""
        for character in text {
            switch character {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\r\n": result += "\\r\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result
    }
}
