import HeraldDelivery
import HeraldEvents
import HeraldJSON
import HeraldStorage

/// The fresh-event loop: reads forward from the cursor and keeps the target's window full.
extension TargetWorker {
    func deliverFreshEvents() async {
        let log = store.log
        var position: UInt64
        do {
            position = try store.consumers.cursor(of: consumer) ?? log.lastSequence + 1
        } catch {
            logger.error("cannot read the cursor; target stopped", metadata: ["target": "\(key)", "error": "\(error)"])
            return
        }
        restoreRetryState(cursor: position)
        var wakeups = readerWake.makeAsyncIterator()
        var idleSince: ContinuousClock.Instant?
        defer { abandonPendingSeek() }
        await withDiscardingTaskGroup { senders in
            defer { releaseParkedSenders(closing: true) }
            while !stopping.load(ordering: .relaxed), !Task.isCancelled, !log.isClosed {
                if let seek = pendingSeek.withLock({ value -> PendingSeek? in defer { value = nil }; return value }) {
                    let target = seek.sequence
                    // Events read ahead are forgotten, not sent: the cursor is set anew anyway.
                    shared.withLock { $0.dropReadAhead() }
                    commitWakeContinuation.yield()  // the cursor may retire past what was dropped
                    while !shared.withLock({ state -> Bool in
                        let idle = state.window.isIdle && state.queued.isEmpty
                        if !idle { state.readerWantsRoom = true }
                        return idle
                    }), !stopping.load(ordering: .relaxed) {
                        guard await wakeups.next() != nil else {
                            for waiter in seek.waiters { waiter.resume(returning: false) }
                            return
                        }
                    }
                    await commitNow([.setCursor(target)])
                    let durable = !shared.withLock { $0.commitClosed }
                    for waiter in seek.waiters { waiter.resume(returning: durable) }
                    shared.withLock { $0.window.reset() }
                    position = target
                    continue
                }
                if paused.load(ordering: .relaxed) {
                    releaseParkedSenders(closing: false)  // a paused target sends nothing: its senders need not wait
                    await pause(.milliseconds(50))
                    continue
                }
                let plan = self.plan
                // Events read ahead go to free senders first (after a pause, say): before waiting for new events,
                // which may never come.
                let fromReadAhead = shared.withLock { state -> [SenderPool.Work] in
                    var free = state.freeSenders(window: plan.window)
                    var resumed: [SenderPool.Work] = []
                    while free > 0, let work = state.readAhead.popFirst() {
                        resumed.append(work)
                        free -= 1
                    }
                    state.startSending(resumed.count)
                    return resumed
                }
                if !fromReadAhead.isEmpty {
                    idleSince = nil
                    for work in fromReadAhead { dispatch(work, in: &senders) }
                }
                if position > log.lastSequence {
                    // A target with nothing to send for a while lets its parked senders (and their memory) go.
                    let now = ContinuousClock.now
                    if let since = idleSince, now - since > .seconds(2) {
                        releaseParkedSenders(closing: false)
                        idleSince = nil
                    } else if idleSince == nil {
                        idleSince = now
                    }
                    await waitForAppend(after: position - 1)
                    continue
                }
                // The room to read more: the free senders plus one window of read-ahead, within the uncommitted limit.
                let room = shared.withLock { state -> Int in
                    let free = state.freeSenders(window: plan.window)
                    let room = min(plan.uncommittedLimit - state.window.outstanding, free + plan.window - state.readAhead.count)
                    if room <= 0 { state.readerWantsRoom = true }
                    return room
                }
                guard room > 0 else {
                    guard await wakeups.next() != nil else { return }
                    continue
                }
                let read: (last: UInt64, deliveries: [(PendingDelivery, String?)])
                do throws(StorageError) {
                    guard let found = try readMatching(from: position, room: room, plan: plan) else {
                        // The log below the position was compacted away (only possible after a manual seek).
                        if let first = try? log.firstSequence(), first > position { position = first } else { await pause(.milliseconds(10)) }
                        continue
                    }
                    read = found
                } catch {
                    await backOff(after: error, doing: "read the log")
                    continue
                }
                let toSend = admit(read.deliveries, last: read.last, plan: plan)
                commitWakeContinuation.yield()
                for work in toSend {
                    dispatch(work, in: &senders)
                }
                if !toSend.isEmpty { idleSince = nil }
                position = read.last + 1
            }
        }
    }

    /// Reads forward from `position` until `room` matching events were found, the log ends, or 4,096 records were
    /// read; returns the last sequence read and the matching events (with their ordering group). `nil` when
    /// nothing is readable at `position`.
    private func readMatching(from position: UInt64, room: Int, plan: TargetPlan) throws(StorageError) -> (last: UInt64, deliveries: [(PendingDelivery, String?)])? {
        var next = position
        var last: UInt64?
        var deliveries: [(PendingDelivery, String?)] = []
        var scanned = 0
        let skip = shared.withLock { $0.skip }
        let cache = decodedEvents
        while deliveries.count < room, scanned < 4_096, next <= store.log.lastSequence {
            // Payloads are decoded in place, once for all workers: a fan-out's other targets copy nothing.
            let records = try store.log.read(from: next, limit: room - deliveries.count) { sequence, ingestTime, payload in
                (sequence, ingestTime, skip.contains(sequence) ? nil : cache.decoded(sequence: sequence, payload: payload))
            }
            guard let final = records.last else { break }
            scanned += records.count
            for (sequence, ingestTime, decoded) in records {
                guard let decoded else { continue }
                if let prepared = prepare(sequence: sequence, ingestTime: ingestTime, decoded: decoded, plan: plan) { deliveries.append(prepared) }
            }
            last = final.0
            next = final.0 + 1
        }
        return last.map { ($0, deliveries) }
    }

    /// Adds the events read to the window and decides, per event, whether it is sent now, waits behind its
    /// group, or is held; returns those to send now (as many as there are free senders) and queues the rest of the
    /// sendable ones as read-ahead, taken by senders as they finish.
    private func admit(_ deliveries: [(PendingDelivery, String?)], last: UInt64, plan: TargetPlan) -> [SenderPool.Work] {
        shared.withLock { state in
            // An operator may have skipped one of them since they were read (``skipAhead(_:)``): under this lock,
            // either the skip is seen here or the skip saw them read.
            let deliveries = state.skip.isEmpty ? deliveries : deliveries.filter { !state.skip.contains($0.0.sequence) }
            if !state.skip.isEmpty { state.skip = state.skip.filter { $0 > last } }
            state.window.open(last: last, sequences: deliveries.map(\.0.sequence))
            var send: [SenderPool.Work] = []
            var free = state.freeSenders(window: plan.window)
            for (delivery, group) in deliveries {
                let fresh = FreshDelivery(delivery: delivery, group: group)
                if let group {
                    switch state.gate.admit(fresh, sequence: delivery.sequence, group: group) {
                    case .send: break
                    case .wait: continue
                    case .hold:
                        state.hold(delivery.sequence)
                        continue
                    }
                }
                let work = SenderPool.Work(fresh: fresh, plan: plan)
                if free > 0 {
                    send.append(work)
                    free -= 1
                } else {
                    state.readAhead.append(work)
                }
            }
            state.startSending(send.count)
            return send
        }
    }

    /// What ``skipAhead(_:)`` did.
    enum AheadSkip: Equatable {
        /// The event will not be sent: not read yet, or taken out of the read-ahead.
        case willNotBeSent
        /// It is being sent now, or waits behind an earlier event of its ordering group.
        case inFlight
        /// It was sent already (its outcome is recorded or about to be).
        case finished
    }

    /// Makes sure the event at `sequence` (ahead of the cursor) is not sent, for an operator's skip: a sequence not
    /// read yet is left out when it is read; one read ahead is dropped (and finished in the window, so the cursor can
    /// pass it). One already handed to a sender cannot be called back.
    func skipAhead(_ sequence: UInt64) -> AheadSkip {
        let plan = self.plan
        let result = shared.withLock { state -> AheadSkip in
            switch state.window.position(of: sequence) {
            case .notRead:
                state.skip.insert(sequence)
                return .willNotBeSent
            case .finished, .notInWindow:
                return .finished
            case .unfinished:
                guard let index = state.readAhead.firstIndex(where: { $0.fresh.delivery.sequence == sequence }) else { return .inFlight }
                let work = state.readAhead.remove(at: index)
                // Its group's next event, if one waited behind it, may go now.
                if let next = state.finishFresh(work.fresh, retried: false, consultGate: true) {
                    state.readAhead.append(SenderPool.Work(fresh: next, plan: plan))
                }
                return .willNotBeSent
            }
        }
        commitWakeContinuation.yield()
        readerWakeContinuation.yield()
        return result
    }

    /// Sends one fresh event, queues its outcome, and then sends the events of its group that waited behind it.
    /// Returns the next read-ahead event for this sender (already counted as sending), if one is waiting.
    func sendFresh(_ first: FreshDelivery, plan: TargetPlan) async -> SenderPool.Work? {
        var current: FreshDelivery? = first
        var ahead: SenderPool.Work?
        while let fresh = current {
            let outcome = await attempt(fresh.delivery, plan: plan)
            guard outcome.sent else {
                // The target stopped while the event waited: it stays unfinished in the window, so the cursor stays
                // before it (sent again after a restart if the target still exists).
                shared.withLock { state in
                    state.sending -= 1
                    state.freshSending -= 1
                }
                return nil
            }
            let (changes, retried) = stateChanges(for: outcome, plan: plan)
            let stopping = self.stopping.load(ordering: .relaxed)
            let paused = self.paused.load(ordering: .relaxed)
            let wakeReader: Bool
            (current, ahead, wakeReader) = shared.withLock { state -> (FreshDelivery?, SenderPool.Work?, Bool) in
                state.queued += changes
                state.sending -= 1
                state.freshSending -= 1
                let next = state.finishFresh(fresh, retried: retried, consultGate: !stopping)
                let ahead = next == nil && !stopping && !paused ? state.readAhead.popFirst() : nil
                if next != nil || ahead != nil { state.startSending(1) }
                var wake = false
                if state.readerWantsRoom, state.readAhead.count <= plan.window / 2 {
                    state.readerWantsRoom = false
                    wake = true
                }
                return (next, ahead, wake)
            }
            commitWakeContinuation.yield()
            if wakeReader { readerWakeContinuation.yield() }
        }
        return ahead
    }

    /// Matches one decoded record; nil when the target does not want it.
    private func prepare(
        sequence: UInt64, ingestTime: UInt64, decoded: Result<DecodedEventCache.Decoded, DecodeFailure>, plan: TargetPlan
    ) -> (PendingDelivery, String?)? {
        switch decoded {
        case .failure(let failure):
            logger.warning("skipping undecodable log record", metadata: ["target": "\(key)", "error": "\(failure.message)"])
            return nil
        case .success(let decoded):
            guard decoded.bus == plan.key.bus, plan.matches(decoded.json, sequence: sequence) else { return nil }
            do {
                let delivery = try PendingDelivery(sequence: sequence, ingestTime: ingestTime, decoded: decoded)
                return (delivery, plan.ordering.flatMap { GroupOrdering.groupKey(ofJSON: decoded.json, path: $0) })
            } catch {
                logger.warning("skipping event with an invalid envelope", metadata: ["target": "\(key)", "error": "\(error)"])
                return nil
            }
        }
    }
}

extension TargetWorker.SharedState {
    /// Forgets the events read ahead (before a seek): finishes them without sending them, with the events of their
    /// groups that waited behind them.
    mutating func dropReadAhead() {
        while let work = readAhead.popFirst() {
            var dropped: TargetWorker.FreshDelivery? = work.fresh
            while let fresh = dropped {
                dropped = finishFresh(fresh, retried: false, consultGate: true)
            }
        }
    }

    /// Parks `sequence` durably as held (its group is blocked by a failing event) and finishes it in the window.
    mutating func hold(_ sequence: UInt64) {
        queued.append(.hold(sequence: sequence))
        window.finish(sequence)
    }

    /// Finishes a fresh event in the window and, with `consultGate` and an ordering group, tells the gate: the events
    /// the gate now holds are held, and the group's next waiting event is returned (the caller sends or drops it).
    mutating func finishFresh(_ fresh: TargetWorker.FreshDelivery, retried: Bool, consultGate: Bool) -> TargetWorker.FreshDelivery? {
        window.finish(fresh.delivery.sequence)
        guard consultGate, let group = fresh.group else { return nil }
        let (next, held) = gate.freshFinished(sequence: fresh.delivery.sequence, group: group, retried: retried)
        for sequence in held { hold(sequence) }
        return next
    }
}
