import HeraldAdmin
import Testing

@Suite("Admin table rendering")
struct AdminTableRendererTests {
    @Test("columns are aligned to the widest cell, without trailing spaces")
    func alignment() {
        let text = AdminTableRenderer.table(headers: ["A", "LONGER", "C"], rows: [["wide value", "x", ""], ["y", "z", "last"]])
        #expect(text == "A           LONGER  C\nwide value  x\ny           z       last\n")
    }

    @Test("long and multi-line cells are cut to one line")
    func cutting() {
        let text = AdminTableRenderer.table(headers: ["H"], rows: [["line one\nline two"], [String(repeating: "x", count: 20)]], maxCellWidth: 10)
        #expect(text == "H\nline one …\nxxxxxxxxx…\n")
    }

    @Test("status shows the summary and one row per target")
    func status() {
        var target = TargetReport(target: "default/orders/slack", state: "running")
        target.cursor = 42
        target.lagEvents = 7
        target.oldestPendingAgeSeconds = 125
        target.dlqSize = 3
        target.lastError = "HTTP 503"
        let report = AdminStatusReport(
            uptimeSeconds: 3700, now: "2026-11-22T17:00:00.000Z",
            log: LogReport(firstSequence: 10, lastSequence: 48, storedEvents: 39),
            disk: DiskReport(usedBytes: 1536, mapSizeBytes: 1 << 30, dataFileBytes: 2048, fillRatio: 1536 / Double(1 << 30)),
            targets: [target])
        let text = AdminTableRenderer.render(report)
        #expect(text.contains("uptime    1h 1m\n"))
        #expect(text.contains("log       sequences 10…48, 39 stored\n"))
        #expect(text.contains("disk      1.5 KiB used of 1.0 GiB map (0.0%), file 2.0 KiB\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.contains("TARGET                STATE    CURSOR  LAG  OLDEST  IN-FLIGHT  RETRY  DLQ  PROBLEM / LAST ERROR"))
        #expect(lines.last == "default/orders/slack  running  42      7    2m 5s   0          0      3    HTTP 503")
        let empty = AdminStatusReport(
            uptimeSeconds: 1, now: "2026-11-22T17:00:00.000Z", log: LogReport(firstSequence: nil, lastSequence: 0, storedEvents: 0),
            disk: DiskReport(usedBytes: 0, mapSizeBytes: 1 << 30, dataFileBytes: 0, fillRatio: 0), targets: [])
        #expect(AdminTableRenderer.render(empty).contains("log       empty (last sequence 0), 0 stored\n"))
    }

    @Test("dlq list, entry detail and action results")
    func deadLetters() {
        let summary = DeadLetterSummary(
            target: "default/r/t", sequence: 5, eventID: "e1", source: "shop", detailType: "OrderPlaced",
            reason: "NonRetryableResponse", attempts: 1, lastStatus: 400, lastError: nil,
            deadLetteredAt: "2026-11-22T17:00:00.000Z", redriveCount: 0)
        let list = AdminTableRenderer.render(DeadLetterList(entries: [summary], nextAfter: 5))
        #expect(list.hasPrefix("TARGET       SEQ  EVENT ID  SOURCE  DETAIL-TYPE  REASON"))
        #expect(list.contains("default/r/t  5    e1        shop    OrderPlaced  NonRetryableResponse  1         400"))
        #expect(list.hasSuffix("more entries: add --after 5\n"))
        #expect(AdminTableRenderer.render(DeadLetterList(entries: [], nextAfter: nil)) == "no dead letters\n")

        let detail = DeadLetterDetail(
            summary: summary, bus: "default", envelope: #"{"id":"e1","detail":{"n":1,"amount":12000.50,"e":1E+2}}"#,
            firstAttemptAt: "2026-11-22T16:59:00.000Z",
            attempts: [AttemptReport(at: "2026-11-22T16:59:00.000Z", statusCode: 400, error: "", latencyMilliseconds: 1.5, responseExcerpt: "bad")])
        let shown = AdminTableRenderer.render(detail)
        #expect(shown.contains("event id       e1\n"))
        // Indented in document order, number literals exactly as stored.
        #expect(shown.contains("""
              "detail": {
                "n": 1,
                "amount": 12000.50,
                "e": 1E+2
              }
            """), "\(shown)")
        #expect(shown.contains("1  2026-11-22T16:59:00.000Z  400     1.5 ms          bad\n"))

        #expect(AdminTableRenderer.render(DeadLetterActionResult(matched: 2, redriven: 0, dryRun: true)) == "dry run: 2 entries match; nothing changed\n")
        #expect(AdminTableRenderer.render(DeadLetterActionResult(matched: 2, purged: 2, dryRun: false)) == "matched 2, purged 2\n")
    }
}
