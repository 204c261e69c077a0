import HeraldStorage
import Synchronization

/// The retry entries handed to workers and not yet re-recorded, so the dispatcher never hands one out twice.
final class RetryTracker: Sendable {
    private struct Key: Hashable {
        let consumer: ConsumerID
        let sequence: UInt64
    }

    private let inFlight = Mutex<Set<Key>>([])

    /// Marks the entries in flight; returns those that were not already.
    func claim(_ entries: [RetryEntry]) -> [RetryEntry] {
        inFlight.withLock { set in entries.filter { set.insert(Key(consumer: $0.consumer, sequence: $0.sequence)).inserted } }
    }

    func release(_ entries: [RetryEntry]) {
        inFlight.withLock { set in
            for entry in entries { set.remove(Key(consumer: entry.consumer, sequence: entry.sequence)) }
        }
    }

    var count: Int { inFlight.withLock { $0.count } }
}
