import Foundation
import Testing

@testable import HeraldStorage

@Suite("Commit linger")
struct CommitLingerTests {
    @Test("waits only while fewer urgent requests are queued than the last group carried")
    func waitsForTheLastGroup() {
        var linger = CommitLinger()
        #expect(linger.plan(urgentQueued: 1) == nil, "nothing committed yet: no reason to wait")
        linger.committed(urgentRequests: 12, nanoseconds: 400_000)
        let plan = linger.plan(urgentQueued: 9)
        #expect(plan?.target == 12)
        #expect(plan?.nanoseconds == 200_000, "half the last commit")
        #expect(linger.plan(urgentQueued: 12) == nil)
        #expect(linger.plan(urgentQueued: 20) == nil)
    }

    @Test("a lone append after a lone append is committed at once")
    func loneAppend() {
        var linger = CommitLinger()
        linger.committed(urgentRequests: 1, nanoseconds: 400_000)
        #expect(linger.plan(urgentQueued: 1) == nil)
    }

    @Test("the wait is capped at 1 ms and skipped when the last commit took no measurable time")
    func bounds() {
        var linger = CommitLinger()
        linger.committed(urgentRequests: 16, nanoseconds: 50_000_000)
        #expect(linger.plan(urgentQueued: 3)?.nanoseconds == CommitLinger.maximumNanoseconds)
        linger.committed(urgentRequests: 16, nanoseconds: 1)
        #expect(linger.plan(urgentQueued: 3) == nil)
    }
}
