import HeraldConsole
import HeraldLedger

/// The console's incident timelines, from the delivery ledger.
struct LedgerIncidentSource: ConsoleIncidentSource {
    /// The ledger database.
    let ledger: LedgerStore

    /// The ledger's timeline of `incident`, oldest first.
    func timeline(incident: String) async throws -> [ConsoleTimelineEntry] {
        try ledger.incidentTimeline(id: incident).entries.map { entry in
            ConsoleTimelineEntry(
                time: UInt64(clamping: max(0, entry.timeMilliseconds)), kind: entry.kind.rawValue, summary: entry.detail,
                status: entry.status.isEmpty ? nil : entry.status, channel: entry.channel, recipient: entry.recipient,
                target: entry.target)
        }
    }
}
