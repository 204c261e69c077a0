import Foundation
import HeraldStorage
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One dedicated thread at a lower scheduling priority (a higher nice value) that runs submitted jobs in order.
///
/// For background work that is CPU-heavy and must never compete on equal terms with ingest and delivery on a small
/// box (the ledger feed's JSON decoding and SQLite writes). Swift concurrency's threads are shared by every task, so
/// their priority cannot be lowered for one service; this thread's can. ``stop()`` ends it after the jobs queued.
final class BackgroundThread: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var stopped = false
        var idle = false
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    /// Starts the thread.
    /// - Parameters:
    ///   - name: the thread's name (shown by `top -H`, `perf`).
    ///   - niceIncrement: how much lower than the process's priority it runs (Linux: the thread's nice value).
    init(name: String, niceIncrement: Int32 = 10) {
        // The thread holds the object until ``stop()`` ends its loop.
        let thread = Thread { [self] in
            nameCurrentThread(name)  // Foundation does not pass `Thread.name` to the OS on Linux
            self.loop(niceIncrement: niceIncrement)
        }
        thread.name = name
        thread.start()
    }

    private func loop(niceIncrement: Int32) {
        #if canImport(Glibc)
        // On Linux the nice value is per thread, and `who` 0 names the calling thread.
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        _ = setpriority(which, 0, getpriority(which, 0) + niceIncrement)
        #endif
        while true {
            wake.wait()
            let (job, stopped) = state.withLock { state -> ((@Sendable () -> Void)?, Bool) in
                state.jobs.isEmpty ? (nil, state.stopped) : (state.jobs.removeFirst(), false)
            }
            if let job { job() } else if stopped { return }
        }
    }

    /// Runs `work` on the thread and returns its result.
    /// - Throws: what `work` throws, or ``BackgroundThreadError/stopped`` after ``stop()``.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.jobs.append { continuation.resume(with: Result { try work() }) }
                return true
            }
            if accepted { wake.signal() } else { continuation.resume(throwing: BackgroundThreadError.stopped) }
        }
    }

    /// Moves the thread into Linux's idle scheduling class (`SCHED_IDLE`: it runs when a core would otherwise idle,
    /// and any other thread that wakes up preempts it at once) or back to its normal, niced class. A no-op when
    /// already there, or off Linux.
    func setIdle(_ idle: Bool) {
        let change = state.withLock { state -> Bool in
            guard state.idle != idle, !state.stopped else { return false }
            state.idle = idle
            state.jobs.append {
                #if os(Linux)
                var parameters = sched_param()
                parameters.sched_priority = 0
                // 5 is SCHED_IDLE and 0 SCHED_OTHER (the constants are not visible through Swift's Glibc module); for
                // SCHED_OTHER the thread's nice value still applies.
                _ = sched_setscheduler(0, idle ? 5 : 0, &parameters)
                #endif
            }
            return true
        }
        if change { wake.signal() }
    }

    /// Whether the thread is in (or was last asked into) the idle scheduling class.
    var isIdle: Bool { state.withLock { $0.idle } }

    /// Ends the thread once the jobs already queued have run.
    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }
}

/// Why a job was not run.
enum BackgroundThreadError: Error, Sendable {
    /// The thread was stopped.
    case stopped
}
