/// When the group-commit writer waits for company before a commit (its *linger*).
///
/// Right after a commit, the producers it acknowledged need a moment (an ack written, the producer woken, its next
/// append read) to queue their next request. If fewer urgent requests are queued than the previous group carried, the
/// writer waits — until as many are queued as last time, or at most half the last commit's duration (capped at
/// ``maximumNanoseconds``) — so a steady set of one-at-a-time producers shares one commit instead of alternating big
/// and tiny ones. A lone append on an idle log (previous group of one) is committed at once.
///
/// Only **urgent** requests count, on both sides: deferrable ones (delivery-state changes that ride along with the next
/// commit, see ``GroupCommitWriter/perform(deferrable:_:)``) are not producers waiting for an ack, so how many of them
/// the last group carried says nothing about who will come back. Counting them made every paced producer's append
/// wait for requests that were never coming whenever delivery was busy (session 13: end-to-end p50 at 10,000 events/s
/// 1.05 → 0.87 ms once they no longer counted).
///
/// A value type driven by the writer thread (tests drive it by hand).
struct CommitLinger: Sendable {
    /// The longest linger, in nanoseconds.
    static let maximumNanoseconds: UInt64 = 1_000_000

    /// Urgent requests the last group carried.
    private(set) var lastGroupUrgent = 0
    /// How long the last group's commits took, in nanoseconds.
    private(set) var lastCommitNanoseconds: UInt64 = 0

    /// Notes a finished group: how many urgent requests it carried and how long its commits took.
    mutating func committed(urgentRequests: Int, nanoseconds: UInt64) {
        lastGroupUrgent = urgentRequests
        lastCommitNanoseconds = nanoseconds
    }

    /// Whether to wait before committing with `urgentQueued` urgent requests queued: how many to wait for and for how
    /// long at most, or `nil` to commit at once.
    func plan(urgentQueued: Int) -> (target: Int, nanoseconds: UInt64)? {
        let nanoseconds = min(lastCommitNanoseconds / 2, Self.maximumNanoseconds)
        guard urgentQueued < lastGroupUrgent, nanoseconds > 0 else { return nil }
        return (lastGroupUrgent, nanoseconds)
    }
}
