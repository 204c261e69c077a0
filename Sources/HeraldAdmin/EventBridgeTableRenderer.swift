import Foundation
import HeraldEvents

/// Renders rules, archives and replays as plain text for `herald rules|archive|replay …` (`--output table`).
public enum EventBridgeTableRenderer {
    /// `herald rules list`.
    public static func render(_ list: EventBridgeRuleList) -> String {
        guard !list.Rules.isEmpty else { return "no rules\n" }
        let rows = list.Rules.map { rule -> [String] in
            [
                rule.Name, rule.EventBusName ?? "-", rule.State ?? "-",
                rule.EventPattern.map(compactJSON) ?? rule.ScheduleExpression ?? "-", rule.Description ?? "",
            ]
        }
        return AdminTableRenderer.table(headers: ["NAME", "BUS", "STATE", "PATTERN / SCHEDULE", "DESCRIPTION"], rows: rows)
    }

    /// `herald rules show`: the rule's fields, its pattern indented, then its targets.
    public static func render(_ detail: EventBridgeRuleDetail) -> String {
        let rule = detail.rule
        var out = "name         \(rule.Name)\n"
        out += "bus          \(rule.EventBusName ?? "-")\n"
        out += "state        \(rule.State ?? "-")\n"
        if let arn = rule.Arn { out += "arn          \(arn)\n" }
        if let description = rule.Description, !description.isEmpty { out += "description  \(description)\n" }
        if let schedule = rule.ScheduleExpression { out += "schedule     \(schedule)\n" }
        if let pattern = rule.EventPattern {
            out += "pattern\n"
            out += AdminTableRenderer.prettyJSON(pattern).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            out += "\n"
        }
        out += "\n"
        guard !detail.targets.isEmpty else { return out + "no targets\n" }
        let rows = detail.targets.map { target -> [String] in
            let input = target.Input.map { "Input: " + compactJSON($0) } ?? target.InputPath.map { "InputPath: " + $0 }
                ?? target.inputTemplate.map { "InputTransformer: " + $0 } ?? ""
            return [target.Id, target.Arn, input]
        }
        return out + AdminTableRenderer.table(headers: ["TARGET ID", "ARN / URL", "INPUT"], rows: rows, maxCellWidth: 80)
    }

    /// `herald archive list`.
    public static func render(_ list: EventBridgeArchiveList) -> String {
        guard !list.Archives.isEmpty else { return "no archives\n" }
        let rows = list.Archives.map { archive -> [String] in
            [
                archive.ArchiveName, busName(of: archive.EventSourceArn), archive.State,
                archive.EventCount.map(String.init) ?? "-", archive.SizeBytes.map { AdminTableRenderer.bytes(Int($0)) } ?? "-",
                retention(archive.RetentionDays), archive.CreationTime.map(iso) ?? "-",
            ]
        }
        return AdminTableRenderer.table(
            headers: ["NAME", "BUS", "STATE", "EVENTS", "SIZE", "RETENTION", "CREATED"], rows: rows)
    }

    /// `herald archive show`.
    public static func render(_ archive: EventBridgeArchive) -> String {
        var out = "name         \(archive.ArchiveName)\n"
        if let arn = archive.ArchiveArn { out += "arn          \(arn)\n" }
        out += "source       \(archive.EventSourceArn)\n"
        out += "state        \(archive.State)\(archive.StateReason.map { " (\($0))" } ?? "")\n"
        if let description = archive.Description, !description.isEmpty { out += "description  \(description)\n" }
        out += "events       \(archive.EventCount.map(String.init) ?? "-")\n"
        out += "size         \(archive.SizeBytes.map { AdminTableRenderer.bytes(Int($0)) } ?? "-")\n"
        out += "retention    \(retention(archive.RetentionDays))\n"
        out += "created      \(archive.CreationTime.map(iso) ?? "-")\n"
        if let pattern = archive.EventPattern {
            out += "pattern\n"
            out += AdminTableRenderer.prettyJSON(pattern).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            out += "\n"
        }
        return out
    }

    /// `herald replay start|status|cancel`.
    public static func render(_ replay: EventBridgeReplay) -> String {
        var out = ""
        if let name = replay.ReplayName { out += "name          \(name)\n" }
        out += "state         \(replay.State)\(replay.StateReason.map { " (\($0))" } ?? "")\n"
        if let arn = replay.ReplayArn { out += "arn           \(arn)\n" }
        if let archive = replay.EventSourceArn { out += "archive       \(archive)\n" }
        if let destination = replay.Destination {
            out += "destination   \(destination.Arn)\n"
            if let rules = destination.FilterArns, !rules.isEmpty { out += "rules         \(rules.joined(separator: ", "))\n" }
        }
        if let start = replay.EventStartTime, let end = replay.EventEndTime { out += "range         \(iso(start)) … \(iso(end))\n" }
        if let last = replay.EventLastReplayedTime { out += "last replayed \(iso(last))\n" }
        if let progress = replay.progress { out += "progress      \(AdminTableRenderer.percent(progress))\n" }
        if let started = replay.ReplayStartTime { out += "started       \(iso(started))\n" }
        if let ended = replay.ReplayEndTime { out += "ended         \(iso(ended))\n" }
        return out
    }

    /// The bus name of a bus ARN (`…:event-bus/NAME`), or the text itself.
    public static func busName(of arn: String) -> String {
        guard let range = arn.range(of: ":event-bus/") else { return arn }
        return String(arn[range.upperBound...])
    }

    /// Epoch seconds as ISO 8601 with milliseconds.
    public static func render(seconds: Double) -> String { iso(seconds) }

    /// Epoch seconds as ISO 8601 with milliseconds.
    static func iso(_ seconds: Double) -> String {
        UTCTime(nanosecondsSince1970: Int64(clamping: Int64(exactly: (seconds * 1000).rounded()) ?? 0) &* 1_000_000)
            .iso8601MillisecondsString
    }

    /// `forever` or `N days`.
    static func retention(_ days: Int?) -> String {
        guard let days else { return "-" }
        return days == 0 ? "forever" : "\(days) days"
    }

    /// JSON on one line (the text as given if it does not parse).
    static func compactJSON(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }
}
