import HeraldJSON
import HeraldLedger
import Testing

@Suite("LedgerResultSet rendering")
struct LedgerFormattingTests {
    let result = LedgerResultSet(
        columns: ["id", "name", "score", "note"],
        rows: [
            [1, "alpha", .double(2.5), nil],
            [120, "b, \"quoted\"", .double(-1), "line1\nline2"],
            [3, "ünï", .null, .blob([0x0a, 0xff])],
        ],
        truncated: true)

    @Test("aligned table")
    func table() {
        let expected = """
             id | name        | score | note
            ----+-------------+-------+-------------
              1 | alpha       |   2.5 | NULL
            120 | b, "quoted" |  -1.0 | line1\\nline2
              3 | ünï         |  NULL | x'0aff'
            (3 rows, truncated at the row limit)

            """
        #expect(result.renderTable() == expected)
        let empty = LedgerResultSet(columns: ["a"], rows: [])
        #expect(empty.renderTable() == "a\n-\n(0 rows)\n")
    }

    @Test("JSON array of objects")
    func json() throws {
        let text = result.rendered(as: .json)
        #expect(
            text == #"[{"id":1,"name":"alpha","score":2.5,"note":null},"#
                + #"{"id":120,"name":"b, \"quoted\"","score":-1,"note":"line1\nline2"},"#
                + #"{"id":3,"name":"ünï","score":null,"note":"0aff"}]"#)
        let parsed = try JSONValue(parsing: text)
        #expect(parsed.arrayValue?.count == 3)
        #expect(LedgerResultSet(columns: ["a"], rows: []).renderJSON() == "[]")
    }

    @Test("RFC 4180 CSV")
    func csv() {
        let expected = "id,name,score,note\r\n1,alpha,2.5,\r\n120,\"b, \"\"quoted\"\"\",-1.0,\"line1\nline2\"\r\n"
            + "3,ünï,,x'0aff'\r\n"
        #expect(result.rendered(as: .csv) == expected)
    }
}
