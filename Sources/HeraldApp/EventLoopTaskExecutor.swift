import NIOCore

/// A task executor that runs jobs on one NIO event loop.
///
/// A connection's handler task that prefers this executor runs its request handling on the loop that reads and
/// writes its socket. The request then needs no hop to Swift's cooperative pool and back: the handler's
/// continuation is resumed on the loop, and its response is written from the loop without another hand-off.
/// Work that blocks (SQL queries) must not run here: the ledger routes already hand theirs to `NIOThreadPool`.
final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    /// The loop the jobs run on.
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
