import Synchronization

/// The ledger feed's two threads, and which of them takes its next job.
///
/// Caught up, the feed runs in Linux's idle class so that its SQLite work never lands in the middle of ingest and
/// delivery; far behind (or with the map filling up) it must compete again, at nice +10, or a busy box would starve it
/// while the log and journal it holds back keep growing. A thread cannot move itself back out of the idle class unless
/// the process may raise priorities (`CAP_SYS_NICE`, which an ordinary user does not have), so each class has a thread
/// of its own, set once at its start, and the feed picks one per job. The feed awaits each job before the next, so
/// the two never run the feed's work at the same time.
final class LedgerThreads: Sendable {
    /// The normal class at nice +10.
    private let niced = BackgroundThread(name: "herald-ledger", priority: .niced(10))
    /// The idle class (`SCHED_IDLE`), nice +10 as well.
    private let idle = BackgroundThread(name: "herald-ledger-i", priority: .idle(niceIncrement: 10))
    private let useIdle = Atomic<Bool>(false)

    /// Whether jobs go to the idle-class thread.
    var isIdle: Bool { useIdle.load(ordering: .relaxed) }

    /// Sends the next jobs to the idle-class thread (`true`) or the niced one (`false`).
    func setIdle(_ idle: Bool) {
        useIdle.store(idle, ordering: .relaxed)
    }

    /// Runs `work` on the thread of the current class (see ``BackgroundThread/run(_:)``: a cancelled caller stops
    /// waiting at once).
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await (isIdle ? idle : niced).run(work)
    }

    /// Ends both threads once their queued jobs have run.
    func stop() {
        niced.stop()
        idle.stop()
    }
}
