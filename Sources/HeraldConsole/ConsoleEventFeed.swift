import HeraldEngine
import HeraldJSON
import HeraldPattern
import HeraldStorage

/// Reads the newest events of the log for the live view, optionally only those matching an EventBridge pattern.
///
/// Reads go backwards from the log's end in short read transactions of ``windowSize`` records and stop after
/// ``maxScanned`` records, so a pattern that matches nothing never walks the whole log.
struct ConsoleEventFeed: Sendable {
    /// The most events one page shows.
    static let maxLimit = 500
    /// Records read per transaction.
    static let windowSize = 256
    /// The most records one request examines.
    static let maxScanned = 20_000

    /// The store whose log is read.
    let store: HeraldStore

    /// The newest `limit` events (newest first) matching `pattern` (all when `nil`), and how many were examined.
    /// - Throws: ``ConsoleError/badRequest(_:)`` for an invalid pattern or limit, ``ConsoleError/internalFailure(_:)``
    ///   when the log cannot be read.
    func latest(limit: Int, pattern: String?) throws(ConsoleError) -> (rows: [EventRowView], scanned: Int) {
        guard (1...Self.maxLimit).contains(limit) else {
            throw .badRequest("limit must be 1...\(Self.maxLimit), got \(limit)")
        }
        let matcher = try Self.compile(pattern)
        var rows: [EventRowView] = []
        var scanned = 0
        do {
            guard let first = try store.log.firstSequence() else { return ([], 0) }
            var end = store.log.lastSequence
            while end >= first, rows.count < limit, scanned < Self.maxScanned {
                let start = end - min(end - first, UInt64(Self.windowSize - 1))
                let records = try store.log.read(from: start, limit: Self.windowSize).filter { $0.sequence <= end }
                for record in records.reversed() where rows.count < limit {
                    scanned += 1
                    guard let row = Self.row(record, matcher: matcher) else { continue }
                    rows.append(row)
                }
                guard start > first else { break }
                end = start - 1
            }
        } catch {
            throw .internalFailure("reading the event log failed: \(error)")
        }
        return (rows, scanned)
    }

    /// Parses and compiles a pattern; blank text means no filter.
    static func compile(_ text: String?) throws(ConsoleError) -> CompiledRuleSet<Int>? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        do {
            return CompiledRuleSet(rules: [(0, try EventPattern(parsing: text))])
        } catch {
            let location = error.path.isEmpty ? "" : " at \(error.path)"
            throw .badRequest("invalid pattern\(location): \(error.message)")
        }
    }

    /// The row of a record, or `nil` when a matcher is given and the event does not match it.
    static func row(_ record: LogRecord, matcher: CompiledRuleSet<Int>?) -> EventRowView? {
        let stored = try? StoredEvent(decoding: record.payload)
        let event = stored.flatMap { try? JSONValue(parsing: $0.envelopeJSON) }
        if let matcher {
            guard let event, !matcher.matchingRules(for: event).isEmpty else { return nil }
        }
        return EventRowView(
            sequence: String(record.sequence), ingestedAt: ConsoleFormat.time(record.ingestTime),
            bus: stored?.busName ?? "", source: event?["source"]?.stringValue ?? "",
            detailType: event?["detail-type"]?.stringValue ?? "", eventID: event?["id"]?.stringValue ?? "",
            envelope: stored.map { ConsoleJSON.pretty($0.envelopeJSON) }
                ?? "(\(record.payload.count) bytes that are not a Herald event)")
    }
}
