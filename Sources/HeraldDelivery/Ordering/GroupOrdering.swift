import HeraldEvents
import HeraldJSON

/// Ordered delivery per group (like EventBridge's FIFO subscribers): events with the same group key are
/// delivered one at a time in sequence order, and a failing event holds back only its own group.
///
/// This is a pure planner: give it the target's pending deliveries (in sequence order, including those
/// in flight or waiting for a retry) and it says which may be sent now.
public enum GroupOrdering {
    /// One pending delivery as the planner sees it.
    public struct Pending: Sendable, Hashable {
        /// The event's log sequence number (ascending = arrival order).
        public var sequence: UInt64
        /// The group key, or `nil` for an ungrouped event (never held back by others).
        public var groupKey: String?
        /// Whether a request for it is outstanding.
        public var inFlight: Bool
        /// Whether it may be sent now (false while it waits for a scheduled retry).
        public var isDue: Bool

        /// Creates an entry.
        public init(sequence: UInt64, groupKey: String?, inFlight: Bool = false, isDue: Bool = true) {
            self.sequence = sequence
            self.groupKey = groupKey
            self.inFlight = inFlight
            self.isDue = isDue
        }
    }

    /// The sequences that may be sent now, ascending: for each group, its oldest pending event if it is
    /// due and nothing of that group is in flight; every due ungrouped event not in flight; at most
    /// `limit` in total (the target's free in-flight slots).
    public static func sendable(_ pending: [Pending], limit: Int = .max) -> [UInt64] {
        var headSeen = Set<String>()
        var result: [UInt64] = []
        for entry in pending.sorted(by: { $0.sequence < $1.sequence }) {
            guard result.count < limit else { break }
            guard let key = entry.groupKey else {
                if entry.isDue && !entry.inFlight { result.append(entry.sequence) }
                continue
            }
            // Only the oldest pending event of a group is ever eligible; later ones wait behind it.
            guard headSeen.insert(key).inserted else { continue }
            if entry.isDue && !entry.inFlight { result.append(entry.sequence) }
        }
        return result
    }

    /// The group key of an event: the text of the value `path` selects (strings unquoted, other values as
    /// compact JSON), or `nil` when the path selects nothing or `null`.
    public static func groupKey(of event: EventEnvelope, path: JSONPath) -> String? {
        groupKey(ofJSON: event.jsonValue, path: path)
    }

    /// The group key of an event already in JSON form (see ``groupKey(of:path:)``).
    public static func groupKey(ofJSON event: JSONValue, path: JSONPath) -> String? {
        switch path.evaluate(in: event) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: return value.jsonText
        }
    }
}
