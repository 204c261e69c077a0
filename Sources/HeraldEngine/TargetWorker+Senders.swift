import Synchronization

/// The fresh-event loop's senders: long-lived tasks, each sending one event (and its group's successors) at a time,
/// parked in ``SenderPool`` between events.
extension TargetWorker {
    /// Hands `work` to a parked sender, or starts a new one in `group`.
    func dispatch(_ work: SenderPool.Work, in group: inout DiscardingTaskGroup) {
        if let parked = senderPool.withLock({ $0.idle.popLast() }) {
            parked.resume(returning: work)
        } else {
            sendersStarted.add(1, ordering: .relaxed)
            group.addTask { await self.runSender(first: work) }
        }
    }

    /// How many senders are parked now.
    var parkedSenders: Int { senderPool.withLock { $0.idle.count } }

    /// Resumes every parked sender with nothing, so it ends; with `closing`, senders finishing an event end too.
    func releaseParkedSenders(closing: Bool) {
        let parked = senderPool.withLock { pool -> [UnsafeContinuation<SenderPool.Work?, Never>] in
            if closing { pool.closed = true }
            defer { pool.idle.removeAll() }
            return pool.idle
        }
        for sender in parked { sender.resume(returning: nil) }
    }

    /// Sends events until handed none: parks between events, unless the pool is closed or already holds a window's
    /// worth of parked senders (a sender that finished just as a new one was started is then let go).
    private func runSender(first: SenderPool.Work) async {
        defer { sendersEnded.add(1, ordering: .relaxed) }
        var next: SenderPool.Work? = first
        while let work = next {
            if let ahead = await sendFresh(work.fresh, plan: work.plan) {
                readAheadTaken.add(1, ordering: .relaxed)
                next = ahead  // straight on with an event read ahead: no parking, no hand-over
                continue
            }
            let limit = work.plan.window
            next = await withUnsafeContinuation { continuation in
                let parked = senderPool.withLock { pool -> Bool in
                    guard !pool.closed, pool.idle.count < limit else { return false }
                    pool.idle.append(continuation)
                    return true
                }
                if !parked { continuation.resume(returning: nil) }
            }
        }
    }
}
