import Dispatch
import Foundation
import Synchronization
import Testing

@testable import HeraldApp

#if canImport(Glibc)
import Glibc
#endif

/// `BackgroundThread` (the ledger feed's threads): priorities fixed at start, and callers that stop waiting when
/// cancelled, so a starved thread cannot hold up a graceful shutdown.
@Suite("Background threads")
struct BackgroundThreadTests {
    /// `SCHED_IDLE`.
    static let schedIdle: Int32 = 5

    /// The calling thread.
    static func threadID() -> UInt {
        #if os(Linux)
        return UInt(pthread_self())
        #else
        return 0
        #endif
    }

    /// The calling thread's scheduling class and nice value.
    static func scheduling() -> (policy: Int32, nice: Int32) {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        return (sched_getscheduler(0), getpriority(which, 0))
        #else
        return (0, 0)
        #endif
    }

    @Test("each thread lowers its own priority once: nice +10, and the idle class for the idle one")
    func prioritiesAreSetAtStart() async throws {
        let here = Self.scheduling()
        let niced = BackgroundThread(name: "test-niced", priority: .niced(10))
        let idle = BackgroundThread(name: "test-idle", priority: .idle(niceIncrement: 10))
        defer {
            niced.stop()
            idle.stop()
        }
        let nicedScheduling = try await niced.run { Self.scheduling() }
        let idleScheduling = try await idle.run { Self.scheduling() }
        #expect(nicedScheduling.policy == 0, "SCHED_OTHER")
        #expect(nicedScheduling.nice == min(19, here.nice + 10))
        #expect(idleScheduling.policy == Self.schedIdle)
        #expect(idleScheduling.nice == min(19, here.nice + 10))
    }

    @Test("the ledger's threads: jobs go to the idle-class thread while idle, to the niced one otherwise")
    func ledgerThreadsPickTheClass() async throws {
        let threads = LedgerThreads()
        defer { threads.stop() }
        let first = try await threads.run { (Self.scheduling().policy, Self.threadID()) }
        #expect(first.0 == 0, "starts in the normal class")
        threads.setIdle(true)
        #expect(threads.isIdle)
        let idle = try await threads.run { (Self.scheduling().policy, Self.threadID()) }
        #expect(idle.0 == Self.schedIdle)
        // Back to the normal class on the other thread: no thread ever raises its own priority (an ordinary user may
        // not — Linux answers EPERM — so a thread that entered the idle class would stay there for good).
        threads.setIdle(false)
        let again = try await threads.run { (Self.scheduling().policy, Self.threadID()) }
        #expect(again.0 == 0)
        #expect(idle.1 != first.1, "the idle class has a thread of its own")
        #expect(again.1 == first.1, "the normal class is the same thread as before")
    }

    @Test("a cancelled caller stops waiting at once; a job that never started never runs", .timeLimit(.minutes(1)))
    func cancelledCallersStopWaiting() async throws {
        let thread = BackgroundThread(name: "test-cancel")
        defer { thread.stop() }
        let release = DispatchSemaphore(value: 0)
        let ran = Counter()
        // The first job holds the thread until released, as a starved thread would.
        let running = Counter()
        let blocked = Task { try await thread.run { running.value.store(1, ordering: .relaxed); release.wait(); ran.value.add(1, ordering: .relaxed) } }
        for _ in 0..<1_000 where running.value.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(running.value.load(ordering: .relaxed) == 1, "the first job started")
        let queued = Task { try await thread.run { ran.value.add(10, ordering: .relaxed) } }
        try await Task.sleep(for: .milliseconds(20))
        blocked.cancel()
        queued.cancel()
        // 1: both callers threw at once; 2: they returned normally. Watched with a bound, and the thread is released
        // whatever happens, so a caller that keeps waiting fails the test instead of hanging it.
        let outcome = Counter()
        let watcher = Task {
            let blockedThrew = (try? await blocked.value) == nil
            let queuedThrew = (try? await queued.value) == nil
            outcome.value.store(blockedThrew && queuedThrew ? 1 : 2, ordering: .relaxed)
        }
        for _ in 0..<500 where outcome.value.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(outcome.value.load(ordering: .relaxed) == 1, "the cancelled callers kept waiting for the held thread")
        #expect(ran.value.load(ordering: .relaxed) == 0, "nothing has run yet: the thread is still held")
        // Released, the running job finishes into nothing and the dropped one is skipped; later jobs still run.
        release.signal()
        await watcher.value
        #expect(try await thread.run { 7 } == 7)
        #expect(ran.value.load(ordering: .relaxed) == 1)
    }

    @Test("after stop, run throws stopped")
    func stoppedThreadRefusesJobs() async throws {
        let thread = BackgroundThread(name: "test-stop")
        #expect(try await thread.run { 1 } == 1)
        thread.stop()
        await #expect(throws: BackgroundThreadError.self) { try await thread.run { 2 } }
    }
}

/// A shared count for jobs to bump.
private final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
