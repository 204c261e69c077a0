/// The fresh-event loop's sender tasks that have nothing to send, parked until the loop hands them an event.
///
/// A task per delivery cost a task object and, since a delivery's async frames outgrow a new task's first slab,
/// several more heap blocks of 1–5 KiB each (measured with jemalloc's statistics: ~10 such blocks per delivery).
/// A parked task keeps its slabs, so a target's senders allocate them once, not once per event.
struct SenderPool: Sendable {
    /// One event for a sender, with the plan in force when it was read.
    struct Work: Sendable {
        let fresh: TargetWorker.FreshDelivery
        let plan: TargetPlan
    }

    /// Parked senders, the most recently parked last (reused first: its memory is the warmest).
    var idle: [UnsafeContinuation<Work?, Never>] = []
    /// Set when the fresh-event loop ends: senders finishing their event exit instead of parking.
    var closed = false
}
