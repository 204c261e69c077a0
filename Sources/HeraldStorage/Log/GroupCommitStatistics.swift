import Synchronization

/// Counters of the group-commit writer since the store was opened (for metrics and benchmarks).
public struct GroupCommitStatistics: Sendable, Hashable {
    /// Successful write transactions committed by the writer.
    public var commits: UInt64 = 0
    /// Requests (appends, batches, consumer-state operations) in those commits.
    public var requests: UInt64 = 0
    /// Events appended in those commits.
    public var events: UInt64 = 0
    /// Total time spent inside commits (writing, the data sync, and the meta syncs that made them durable), in
    /// nanoseconds.
    public var commitNanoseconds: UInt64 = 0
    /// Meta syncs run to make commits durable. Under a stream of pipelined appends most commits are made durable by
    /// the next commit's data sync instead, so `commits + metaSyncs` is the writer's device flushes.
    public var metaSyncs: UInt64 = 0
    /// Failed group transactions.
    public var failures: UInt64 = 0
    /// Times the writer waited for more producers before a commit (``CommitLinger``).
    public var lingers: UInt64 = 0

    /// Creates zeroed counters.
    public init() {}

    /// Mean events per commit (0 before the first commit).
    public var eventsPerCommit: Double { commits == 0 ? 0 : Double(events) / Double(commits) }
}

/// The writer's counters behind a lock; written once per commit.
final class GroupCommitCounters: Sendable {
    private let state = Mutex(GroupCommitStatistics())

    func record(requests: Int, events: UInt64, nanoseconds: UInt64) {
        state.withLock {
            $0.commits += 1
            $0.requests += UInt64(requests)
            $0.events += events
            $0.commitNanoseconds += nanoseconds
        }
    }

    func recordMetaSync(nanoseconds: UInt64) {
        state.withLock {
            $0.metaSyncs += 1
            $0.commitNanoseconds += nanoseconds
        }
    }

    func recordLinger() {
        state.withLock { $0.lingers += 1 }
    }

    func recordFailure() {
        state.withLock { $0.failures += 1 }
    }

    var snapshot: GroupCommitStatistics { state.withLock { $0 } }
}
