import HeraldStorage

/// The commit loop: the one writer of a worker's outcomes and cursor.
extension TargetWorker {
    /// Writes what the other loops queued, one transaction per turn, in queue order, with the cursor advanced up
    /// to the oldest unfinished event of the window. Runs until the worker stops (a last turn writes what the
    /// finishing requests queued).
    func commitOutcomes() async {
        defer { commitLoopDone.store(true, ordering: .relaxed) }
        var wakeups = commitWake.makeAsyncIterator()
        while true {
            while await commitTurn() {}
            guard await wakeups.next() != nil else {
                while await commitTurn() {}
                let waiting = shared.withLock { state in
                    state.commitClosed = true
                    defer { state.afterCommit = [] }
                    return state.afterCommit
                }
                for action in waiting { action() }
                return
            }
        }
    }

    /// One turn; false when there was nothing to write.
    private func commitTurn() async -> Bool {
        let (changes, actions, retired) = shared.withLock { state in
            let retired = state.window.retire()
            defer {
                state.queued = []
                state.afterCommit = []
            }
            return (state.queued, state.afterCommit, retired)
        }
        var all = changes
        if let retired { all.append(.advanceCursor(to: retired.cursor)) }
        if !all.isEmpty { await commit(all) }
        if let retired { shared.withLock { $0.window.committed(retired.matched) } }
        for action in actions { action() }
        readerWakeContinuation.yield()
        return !all.isEmpty || !actions.isEmpty
    }

    /// Queues `changes` and waits until they are durable.
    func commitNow(_ changes: [ConsumerStateChange]) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let closed = shared.withLock { state in
                if !state.commitClosed {
                    state.queued += changes
                    state.afterCommit.append { continuation.resume() }
                }
                return state.commitClosed
            }
            if closed { continuation.resume() } else { commitWakeContinuation.yield() }
        }
    }

    /// Applies changes in one transaction.
    ///
    /// - A full map splits a set of changes into halves, committed in order, each retried on its own.
    /// - A retryable failure (map or disk full) is retried every second until it commits or the worker stops; the
    ///   retries drop the ledger journal records, so the ledger can never be what keeps delivery from recording
    ///   progress on a full map (the ledger then misses those attempts; a warning says how many).
    /// - Any other failure is retried change by change, so one change the store refuses (logged) cannot keep the
    ///   others — or the cursor — from being recorded.
    func commit(_ changes: [ConsumerStateChange]) async {
        var changes = changes
        while true {
            do {
                // Deferrable: outcomes and cursor moves may wait up to 2 ms to share a producer's fsync (at-least-once is
                // unaffected; the window bounds what a crash re-sends).
                try await store.consumers.apply(changes, for: consumer, deferrable: true)
                return
            } catch {
                if case .closed = error {
                    stopping.store(true, ordering: .relaxed)
                    return
                }
                guard error.isRetryable else {
                    if stopping.load(ordering: .relaxed), (try? store.consumers.info(named: key.consumerName)) == .some(nil) {
                        // The target was removed (its cursor, retries and dead letters deleted) while these outcomes
                        // were in flight: there is nothing left to record them in, and nothing is lost.
                        logger.debug("target removed; outcomes in flight dropped", metadata: ["target": "\(key)", "changes": "\(changes.count)"])
                        return
                    }
                    if changes.count > 1 {
                        for change in changes { await commit([change]) }
                    } else {
                        logger.error("cannot record a delivery outcome; dropped", metadata: ["target": "\(key)", "change": "\(changes)", "error": "\(error)"])
                    }
                    return
                }
                guard !stopping.load(ordering: .relaxed), !Task.isCancelled else { return }
                let journal = changes.filter { if case .journal = $0 { true } else { false } }.count
                if journal > 0 {
                    changes.removeAll { if case .journal = $0 { true } else { false } }
                    logger.warning("storage full: recording delivery outcomes without their \(journal) ledger record(s)", metadata: ["target": "\(key)"])
                }
                if changes.count > 1, case .mapFull = error {
                    // One transaction of many changes (a retry batch of 1,000 deletions, say) can need more pages than a
                    // full map has, and retrying it whole never succeeds: the disk-full chaos run wedged that way. In
                    // halves, in order (the cursor move, last, still follows the outcomes), each piece fits sooner.
                    let middle = changes.count / 2
                    await commit(Array(changes[..<middle]))
                    await commit(Array(changes[middle...]))
                    return
                }
                logger.warning("cannot record delivery outcomes yet; retrying the commit in 1 s", metadata: ["target": "\(key)", "error": "\(error)"])
                await pause(.seconds(1))
            }
        }
    }
}
