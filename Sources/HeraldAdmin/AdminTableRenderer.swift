import HeraldJSON
import Foundation

/// Renders admin answers as aligned plain-text tables for `herald status` and `herald dlq …`.
public enum AdminTableRenderer {
    /// Left-aligned columns separated by two spaces, a header row, no trailing spaces; cells are cut to
    /// `maxCellWidth` characters (with `…`) and newlines become spaces.
    public static func table(headers: [String], rows: [[String]], maxCellWidth: Int = 60) -> String {
        let clean = ([headers] + rows).map { row in
            (0..<headers.count).map { index in cell(index < row.count ? row[index] : "", maxWidth: maxCellWidth) }
        }
        var widths = Array(repeating: 0, count: headers.count)
        for row in clean {
            for (index, value) in row.enumerated() { widths[index] = max(widths[index], value.count) }
        }
        return clean.map { row in
            var line = ""
            for (index, value) in row.enumerated() {
                line += index == row.count - 1 ? value : value.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }

    /// `herald status`: a summary block, then one row per target.
    public static func render(_ status: AdminStatusReport) -> String {
        var out = "uptime    \(duration(status.uptimeSeconds))\n"
        if let first = status.log.firstSequence {
            out += "log       sequences \(first)…\(status.log.lastSequence), \(status.log.storedEvents) stored\n"
        } else {
            out += "log       empty (last sequence \(status.log.lastSequence)), \(status.log.storedEvents) stored\n"
        }
        out += "disk      \(bytes(status.disk.usedBytes)) used of \(bytes(status.disk.mapSizeBytes)) map"
        out += " (\(percent(status.disk.fillRatio))), file \(bytes(status.disk.dataFileBytes))\n"
        guard !status.targets.isEmpty else { return out + "\nno targets\n" }
        let rows = status.targets.map { target -> [String] in
            [
                target.target, target.state, target.cursor.map(String.init) ?? "-", String(target.lagEvents),
                target.oldestPendingAgeSeconds.map(duration) ?? "-", String(target.inFlight),
                target.retryQueueSize == 0
                    ? "0" : "\(target.retryQueueSize) (next \(target.retryNextDueAt ?? "-")\(target.retryHeld.map { ", \($0) held" } ?? ""))",
                String(target.dlqSize), target.problem ?? target.lastError ?? "",
            ]
        }
        out += "\n"
        out += table(
            headers: ["TARGET", "STATE", "CURSOR", "LAG", "OLDEST", "IN-FLIGHT", "RETRY", "DLQ", "PROBLEM / LAST ERROR"],
            rows: rows)
        return out
    }

    /// `herald dlq list`.
    public static func render(_ list: DeadLetterList) -> String {
        guard !list.entries.isEmpty else { return "no dead letters\n" }
        let rows = list.entries.map { entry -> [String] in
            [
                entry.target, String(entry.sequence), entry.eventID, entry.source, entry.detailType, entry.reason,
                String(entry.attempts), entry.lastStatus.map(String.init) ?? "-", entry.deadLetteredAt,
            ]
        }
        var out = table(
            headers: ["TARGET", "SEQ", "EVENT ID", "SOURCE", "DETAIL-TYPE", "REASON", "ATTEMPTS", "STATUS", "DEAD-LETTERED"],
            rows: rows)
        if let next = list.nextAfter { out += "more entries: add --after \(next)\n" }
        if list.truncated == true { out += "more entries: list one target with --target to page through them\n" }
        return out
    }

    /// `herald dlq show`: the entry, its envelope and every attempt.
    public static func render(_ detail: DeadLetterDetail) -> String {
        let summary = detail.summary
        var out = ""
        let fields: [(String, String)] = [
            ("target", summary.target), ("sequence", String(summary.sequence)), ("event id", summary.eventID),
            ("bus", detail.bus), ("source", summary.source), ("detail-type", summary.detailType),
            ("reason", summary.reason), ("attempts", String(summary.attempts)), ("redrives", String(summary.redriveCount)),
            ("first attempt", detail.firstAttemptAt), ("dead-lettered", summary.deadLetteredAt),
        ]
        for (name, value) in fields { out += name.padding(toLength: 15, withPad: " ", startingAt: 0) + value + "\n" }
        out += "\nevent:\n" + prettyJSON(detail.envelope) + "\n\nattempts:\n"
        let rows = detail.attempts.enumerated().map { index, attempt -> [String] in
            [
                String(index + 1), attempt.at, attempt.statusCode.map(String.init) ?? "-",
                String(format: "%.1f ms", attempt.latencyMilliseconds), attempt.error, attempt.responseExcerpt,
            ]
        }
        out += table(headers: ["#", "AT", "STATUS", "LATENCY", "ERROR", "RESPONSE"], rows: rows, maxCellWidth: 80)
        return out
    }

    /// `herald dlq redrive` / `purge`.
    public static func render(_ result: DeadLetterActionResult) -> String {
        if result.dryRun { return "dry run: \(result.matched) entries match; nothing changed\n" }
        if let redriven = result.redriven {
            return "matched \(result.matched), redriven \(redriven) (back in the retry queue, due now)\n"
        }
        return "matched \(result.matched), purged \(result.purged ?? 0)\n"
    }

    /// Indented JSON for display (the text as given if it does not parse).
    static func prettyJSON(_ text: String) -> String {
        // Indented in document order with number literals as stored: `dlq show` shows the envelope exactly as kept.
        JSONValue.indentedText(of: Array(text.utf8))
    }

    /// One table cell: single line, at most `maxWidth` characters.
    static func cell(_ value: String, maxWidth: Int) -> String {
        let line = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard line.count > maxWidth, maxWidth > 1 else { return line }
        return String(line.prefix(maxWidth - 1)) + "…"
    }

    /// `1d 2h`, `3h 4m`, `5m 6s`, `7.5s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        if whole >= 86_400 { return "\(whole / 86_400)d \(whole % 86_400 / 3600)h" }
        if whole >= 3600 { return "\(whole / 3600)h \(whole % 3600 / 60)m" }
        if whole >= 60 { return "\(whole / 60)m \(whole % 60)s" }
        return String(format: "%.1fs", seconds)
    }

    /// Binary units: `512 B`, `1.5 KiB`, `2.0 GiB`.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// `42.0%`.
    static func percent(_ ratio: Double) -> String {
        String(format: "%.1f%%", ratio * 100)
    }
}
