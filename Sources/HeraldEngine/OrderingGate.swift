import DequeModule

/// Per-group ordering of one target (`HeraldParameters.OrderingKeyPath`): events of one group are sent one at a
/// time in log order, and a failing event holds back only its own group.
///
/// - While a group's fresh event is in flight, later fresh events of the group wait here, in memory (they are
///   inside the target's window, so a crash re-reads them).
/// - When an event of the group fails and is scheduled for a retry, it becomes the group's *blocker*; the events
///   waiting behind it, and every later event of the group, are *held*: parked durably in the retry queue, never
///   due (``HeraldStorage/RetryEntry/heldDueTime``).
/// - When the last blocker is done (delivered or dead-lettered), the oldest held event is released (made due now)
///   and becomes the blocker, so held events go out one at a time, in order; when none is left the group is free.
///
/// A value type driven by the worker under its lock; it decides, the worker records.
struct OrderingGate<Item: Sendable>: Sendable {
    private struct Group: Sendable {
        var freshInFlight = false
        /// Fresh events waiting behind the one in flight, with their sequences.
        var waiting: Deque<(item: Item, sequence: UInt64)> = []
        /// Held sequences, ascending.
        var held: [UInt64] = []
        /// Sequences in the retry queue that the group waits for.
        var blockers: Set<UInt64> = []

        var isBlocked: Bool { !blockers.isEmpty || !held.isEmpty }
        var isIdle: Bool { !freshInFlight && waiting.isEmpty && !isBlocked }
    }

    /// What to do with a fresh event.
    enum Admission: Sendable, Equatable {
        /// Send it now.
        case send
        /// An earlier fresh event of its group is in flight: it waits (the gate keeps it).
        case wait
        /// Its group is blocked by a failing event: hold it in the retry queue.
        case hold
    }

    private var groups: [String: Group] = [:]
    /// The group of every blocker, so a finished retry finds its group even after the key path changed.
    private var blockerGroups: [UInt64: String] = [:]

    /// Groups with state (for tests and status).
    var activeGroups: Int { groups.count }

    /// Held events of every group.
    var heldCount: Int { groups.values.reduce(0) { $0 + $1.held.count } }

    /// Restores a group's durable state at start-up from the retry queue: `held` are its held entries,
    /// `blockers` its scheduled ones. Returns the held sequence to release now when the group has held events
    /// but nothing scheduled (a crash between a blocker's completion and its successor's release).
    mutating func restore(group key: String, held: [UInt64], blockers: [UInt64]) -> UInt64? {
        var group = groups[key, default: Group()]
        group.held = (group.held + held).sorted()
        group.blockers.formUnion(blockers)
        for blocker in blockers { blockerGroups[blocker] = key }
        var release: UInt64?
        if group.blockers.isEmpty, !group.held.isEmpty {
            let next = group.held.removeFirst()
            group.blockers.insert(next)
            blockerGroups[next] = key
            release = next
        }
        groups[key] = group
        return release
    }

    /// Admits a fresh event of group `key` (the caller keeps the item unless the answer is `.wait`).
    mutating func admit(_ item: Item, sequence: UInt64, group key: String) -> Admission {
        var group = groups[key, default: Group()]
        defer { groups[key] = group }
        if group.isBlocked {
            group.held.append(sequence)
            return .hold
        }
        if group.freshInFlight {
            group.waiting.append((item, sequence))
            return .wait
        }
        group.freshInFlight = true
        return .send
    }

    /// A fresh event of group `key` finished. When it was scheduled for a retry (`retried`), it becomes the group's
    /// blocker and the events waiting behind it are held: their sequences are returned as `hold`, in order (the
    /// caller records the holds). Otherwise the next waiting event, if any, is returned as `next` to send.
    mutating func freshFinished(sequence: UInt64, group key: String, retried: Bool) -> (next: Item?, hold: [UInt64]) {
        guard var group = groups[key] else { return (nil, []) }
        defer { groups[key] = group.isIdle ? nil : group }
        if retried {
            group.blockers.insert(sequence)
            blockerGroups[sequence] = key
            group.freshInFlight = false
            let hold = group.waiting.map(\.sequence)
            group.waiting.removeAll()
            group.held.append(contentsOf: hold)
            return (nil, hold)
        }
        if let next = group.waiting.popFirst() { return (next.item, []) }
        group.freshInFlight = false
        return (nil, [])
    }

    /// A retried (or released) event is done for good (delivered or dead-lettered). When it was its group's last
    /// blocker, the group's oldest held event is returned: the caller releases it (it becomes the new blocker).
    /// Events the gate does not know as blockers (unordered, or redriven by an operator) return `nil`.
    mutating func retryDone(sequence: UInt64) -> UInt64? {
        guard let key = blockerGroups.removeValue(forKey: sequence), var group = groups[key] else { return nil }
        group.blockers.remove(sequence)
        defer { groups[key] = group.isIdle ? nil : group }
        guard group.blockers.isEmpty, !group.held.isEmpty else { return nil }
        let next = group.held.removeFirst()
        group.blockers.insert(next)
        blockerGroups[next] = key
        return next
    }
}
