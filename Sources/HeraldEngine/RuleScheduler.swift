import Foundation
import HeraldCatalog
import HeraldDelivery
import HeraldEvents
import HeraldStorage
import Logging
import Synchronization

/// Fires scheduled rules: at each fire time of an enabled rule with a `ScheduleExpression`, appends EventBridge's
/// Scheduled Event (`source` `aws.events`, `detail-type` `Scheduled Event`, `resources` = the rule's ARN) to the
/// log on the rule's bus. The rule's targets deliver it like any event (retries, DLQ); no other rule receives it.
///
/// Firings that fall while Herald is not running are skipped, as cron skips them: after a start the next firing is
/// the first one after the start. A `rate(…)` schedule counts from the rule's creation time.
final class RuleScheduler: Sendable {
    private struct Entry: Sendable {
        let ruleArn: String
        let bus: String
        let expression: HeraldEvents.ScheduleExpression
        let anchor: UTCTime
        var next: UTCTime?
    }

    private let store: HeraldStore
    private let account: String
    private let region: String
    private let logger: Logger
    private let now: @Sendable () -> UTCTime
    private let entries = Mutex<[String: Entry]>([:])
    private let stopping = Atomic<Bool>(false)

    init(store: HeraldStore, account: String, region: String, logger: Logger, now: @escaping @Sendable () -> UTCTime) {
        self.store = store
        self.account = account
        self.region = region
        self.logger = logger
        self.now = now
    }

    /// Takes the schedule rules of a snapshot; keeps the next fire time of rules whose schedule did not change.
    func update(_ snapshot: CatalogSnapshot) {
        let current = now()
        entries.withLock { entries in
            var updated: [String: Entry] = [:]
            for rule in snapshot.rules.values where rule.state.isEnabled {
                guard let text = rule.scheduleExpression, let expression = try? HeraldEvents.ScheduleExpression(parsing: text) else { continue }
                if let existing = entries[rule.arn], existing.expression == expression, existing.bus == rule.eventBusName {
                    updated[rule.arn] = existing
                    continue
                }
                let anchor = UTCTime(nanosecondsSince1970: Int64(rule.creationTime.timeIntervalSince1970 * 1e9))
                updated[rule.arn] = Entry(
                    ruleArn: rule.arn, bus: rule.eventBusName, expression: expression, anchor: anchor,
                    next: expression.nextFire(after: current, anchor: anchor))
            }
            entries = updated
        }
    }

    func stop() { stopping.store(true, ordering: .relaxed) }

    func run() async {
        while !stopping.load(ordering: .relaxed), !Task.isCancelled, !store.log.isClosed {
            let current = now()
            var due: [Entry] = []
            entries.withLock { entries in
                for (arn, var entry) in entries {
                    guard let next = entry.next, next <= current else { continue }
                    due.append(entry)
                    entry.next = entry.expression.nextFire(after: current, anchor: entry.anchor)
                    entries[arn] = entry
                }
            }
            for entry in due { await fire(entry, at: entry.next ?? current) }
            let nextFire = entries.withLock { $0.values.compactMap(\.next).min() }
            var wait = Duration.seconds(1)
            if let nextFire { wait = min(wait, max(.milliseconds(5), current.duration(to: nextFire))) }
            try? await Task.sleep(for: wait)
        }
    }

    private func fire(_ entry: Entry, at fireTime: UTCTime) async {
        let envelope = ScheduledEvent.envelope(
            ruleArn: entry.ruleArn, fireTime: fireTime, id: UUID().uuidString.lowercased(), account: account, region: region)
        do {
            _ = try await store.log.append(StoredEvent(busName: entry.bus, envelopeJSON: envelope.jsonBytes).bytes)
        } catch {
            logger.error("cannot fire a scheduled rule", metadata: ["rule": "\(entry.ruleArn)", "error": "\(error)"])
        }
    }
}
