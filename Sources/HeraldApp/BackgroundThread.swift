import Foundation
import HeraldStorage
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One dedicated thread at a lower scheduling priority that runs submitted jobs in order.
///
/// For background work that is CPU-heavy and must never compete on equal terms with ingest and delivery on a small
/// box (the ledger feed's JSON decoding and SQLite writes). Swift concurrency's threads are shared by every task, so
/// their priority cannot be lowered for one service; this thread's can.
///
/// The thread lowers its own priority once, when it starts, and never raises it: a process without `CAP_SYS_NICE`
/// (Herald run as an ordinary user) may lower a thread's priority but not raise it again — Linux refuses both a lower
/// nice value and a move out of `SCHED_IDLE` with `EPERM` under the default `RLIMIT_NICE` of 0. A caller that needs
/// two priorities uses two threads.
///
/// A caller whose task is cancelled stops waiting at once (``run(_:)``), so a starved thread cannot hold up a
/// graceful shutdown; ``stop()`` ends the thread after the jobs still queued.
final class BackgroundThread: Sendable {
    /// How the thread is scheduled, fixed when it starts.
    enum Priority: Sendable, Equatable {
        /// The normal class (`SCHED_OTHER`) at the process's nice value plus `niceIncrement`.
        case niced(Int32)
        /// Linux's idle class (`SCHED_IDLE`: it runs only when a core would otherwise idle, and any other thread that
        /// wakes up preempts it at once), niced by `niceIncrement` as well.
        case idle(niceIncrement: Int32)
    }

    /// One queued job and whoever waits for it.
    private final class Job: Sendable {
        /// Runs the work and resumes the waiter, unless it stopped waiting.
        let body: @Sendable () -> Void
        /// Set once the job has been taken off the queue or abandoned; checked by both sides.
        let claimed = Mutex(false)

        init(body: @escaping @Sendable () -> Void) {
            self.body = body
        }

        /// Claims the job for whoever calls first (the thread to run it, or a cancelled caller to drop it).
        func claim() -> Bool {
            claimed.withLock { taken in
                defer { taken = true }
                return !taken
            }
        }
    }

    private struct State {
        var jobs: [Job] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    /// The priority the thread runs at.
    let priority: Priority

    /// Starts the thread.
    /// - Parameters:
    ///   - name: the thread's name (shown by `top -H`, `perf`; at most 15 bytes on Linux).
    ///   - priority: how it is scheduled (default: the normal class at nice +10).
    init(name: String, priority: Priority = .niced(10)) {
        self.priority = priority
        // The thread holds the object until ``stop()`` ends its loop.
        let thread = Thread { [self] in
            nameCurrentThread(name)  // Foundation does not pass `Thread.name` to the OS on Linux
            self.loop()
        }
        thread.name = name
        thread.start()
    }

    private func loop() {
        #if canImport(Glibc)
        // On Linux the nice value and the scheduling class are per thread, and `who` 0 names the calling thread.
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        switch priority {
        case .niced(let increment):
            _ = setpriority(which, 0, getpriority(which, 0) + increment)
        case .idle(let increment):
            _ = setpriority(which, 0, getpriority(which, 0) + increment)
            #if os(Linux)
            var parameters = sched_param()
            parameters.sched_priority = 0
            _ = sched_setscheduler(0, Self.schedIdle, &parameters)
            #endif
        }
        #endif
        while true {
            wake.wait()
            let (job, stopped) = state.withLock { state -> (Job?, Bool) in
                state.jobs.isEmpty ? (nil, state.stopped) : (state.jobs.removeFirst(), false)
            }
            if let job {
                if job.claim() { job.body() }
            } else if stopped {
                return
            }
        }
    }

    /// Runs `work` on the thread and returns its result.
    ///
    /// If the calling task is cancelled, the call throws `CancellationError` at once: a job not started yet never
    /// runs; one already running finishes on the thread and its result is dropped.
    /// - Throws: what `work` throws, `CancellationError`, or ``BackgroundThreadError/stopped`` after ``stop()``.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let waiter = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let job = Job {
            let result = Result { try work() }
            waiter.withLock { $0.take() }?.resume(with: result)
        }
        // Drops the job unless the thread has taken it, and answers the caller unless it was answered already.
        let giveUp: @Sendable (any Error) -> Void = { error in
            _ = job.claim()
            waiter.withLock { $0.take() }?.resume(throwing: error)
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                waiter.withLock { $0 = continuation }
                // Cancelled before the continuation was stored: the handler found nothing to resume.
                if Task.isCancelled { return giveUp(CancellationError()) }
                let accepted = state.withLock { state -> Bool in
                    guard !state.stopped else { return false }
                    state.jobs.append(job)
                    return true
                }
                if accepted { wake.signal() } else { giveUp(BackgroundThreadError.stopped) }
            }
        } onCancel: {
            // A job not started yet is dropped (the thread skips it); a running one completes into nothing.
            giveUp(CancellationError())
        }
    }

    /// Ends the thread once the jobs already queued have run.
    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    #if os(Linux)
    /// `SCHED_IDLE` (the constant is not visible through Swift's Glibc module).
    static let schedIdle: Int32 = 5
    #endif
}

/// Why a job was not run.
enum BackgroundThreadError: Error, Sendable {
    /// The thread was stopped.
    case stopped
}
