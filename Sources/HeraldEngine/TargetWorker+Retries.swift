import HeraldDelivery
import HeraldEvents
import HeraldStorage

/// Due retries, held events of ordered groups, and the state both need after a restart.
extension TargetWorker {
    /// Sends due retries as they arrive, several batches at once: at most ``TargetPlan/window`` retry entries of this
    /// target are in flight, so a backlog of retries (each batch small, as entries fall due one by one) drains at the
    /// target's concurrency instead of one batch per round trip.
    func deliverRetries() async {
        await withTaskGroup(of: Int.self) { group in
            var inFlight = 0
            for await entries in retryInbox {
                if stopping.load(ordering: .relaxed) {
                    tracker.release(entries)
                    continue
                }
                let limit = max(1, plan.window)
                while inFlight > 0, inFlight + entries.count > limit, let done = await group.next() {
                    inFlight -= done
                }
                inFlight += entries.count
                shared.withLock { $0.sending += entries.count }
                group.addTask {
                    await self.deliverRetryBatch(entries)
                    return entries.count
                }
            }
        }
    }

    /// Sends one batch of due retries and queues their outcomes; the entries are released to the dispatcher once
    /// the outcomes are durable.
    private func deliverRetryBatch(_ entries: [RetryEntry]) async {
        let plan = self.plan
        var changes: [ConsumerStateChange] = []
        var deliveries: [PendingDelivery] = []
        var finished: [UInt64] = []
        for entry in entries {
            guard let record = entry.embeddedEvent ?? (try? store.log.record(at: entry.sequence)) else {
                logger.error("retry entry refers to a missing event", metadata: ["target": "\(key)", "sequence": "\(entry.sequence)"])
                changes.append(.completeRetry(sequence: entry.sequence))
                continue
            }
            guard case .success(let decoded) = PendingDelivery.decode(record),
                let delivery = try? PendingDelivery(record: record, json: decoded.json, envelopeJSON: decoded.envelopeJSON, retry: entry)
            else {
                changes.append(.deadLetter(sequence: entry.sequence, attempt: nil, reason: .init(rawValue: "undecodable")))
                continue
            }
            if plan.retry.isExpired(delivery.state, now: now()) {
                changes.append(.deadLetter(sequence: entry.sequence, attempt: nil, reason: .init(rawValue: "max_age_exceeded")))
                if journalOutcomes {
                    changes.append(.journal(DeliveryOutcomeRecord(
                        eventID: delivery.envelope.id, sequence: delivery.sequence, bus: key.bus, rule: key.rule,
                        target: key.targetID, attempt: 0, time: now().millisecondsSince1970, latencyMicroseconds: 0,
                        outcome: .deadLettered, error: "max_age_exceeded").bytes))
                }
                statusBox.withLock { $0.deadLettered += 1 }
                finished.append(entry.sequence)
                continue
            }
            deliveries.append(delivery)
        }
        let outcomes = await send(deliveries, plan: plan)
        // One not sent (the target stopped while it waited for its rate limit) stays in the retry queue as it was.
        for outcome in outcomes where outcome.sent {
            let (outcomeChanges, retried) = stateChanges(for: outcome, plan: plan)
            changes += outcomeChanges
            if !retried { finished.append(outcome.delivery.sequence) }
        }
        let tracker = self.tracker
        shared.withLock { state in
            state.queued += changes
            state.sending -= entries.count
            state.afterCommit.append { tracker.release(entries) }
        }
        for sequence in finished { releaseNext(after: sequence) }
        commitWakeContinuation.yield()
    }

    /// An event is done for good (delivered or dead-lettered): when it was its ordered group's last blocker, queue
    /// the release of the group's oldest held event. After the release is durable, a held entry that no longer
    /// exists (dead-lettered or purged by an operator meanwhile) counts as done too, so a group never waits on a
    /// vanished event.
    func releaseNext(after sequence: UInt64) {
        let releaseTime = now().millisecondsSince1970
        let released = shared.withLock { state -> UInt64? in
            guard let next = state.gate.retryDone(sequence: sequence) else { return nil }
            state.queued.append(.release(sequence: next, dueTime: releaseTime))
            state.afterCommit.append { [weak self] in self?.checkReleased(next) }
            return next
        }
        if released != nil { commitWakeContinuation.yield() }
    }

    private func checkReleased(_ sequence: UInt64) {
        guard (try? store.consumers.retry(consumer, sequence: sequence)) == .some(nil) else { return }
        releaseNext(after: sequence)
    }

    /// Rebuilds what the retry queue says about events at or past the cursor and, for an ordered target, the held
    /// and blocking events of each group (releasing a group's oldest held event when nothing blocks it any more).
    func restoreRetryState(cursor: UInt64) {
        let index: [(sequence: UInt64, dueTime: UInt64)]
        do {
            index = try store.consumers.retryIndex(of: consumer)
        } catch {
            logger.error("cannot read the retry queue at start-up", metadata: ["target": "\(key)", "error": "\(error)"])
            return
        }
        var skip = Set(index.map(\.sequence).filter { $0 >= cursor })
        // Dead letters at or past the cursor: events an operator skipped before they were read (``skipAhead(_:)``),
        // or dead-lettered in a commit the cursor did not pass before a crash. Neither is sent again.
        var after = cursor > 0 ? cursor - 1 : nil
        while skip.count < 1_000_000, let page = try? store.consumers.deadLetters(consumer, after: after, limit: 1_000), !page.isEmpty {
            skip.formUnion(page.map(\.sequence))
            after = page.last?.sequence
        }
        guard let path = plan.ordering else {
            // Held events of a target that no longer orders (its OrderingKeyPath was removed while Herald was down):
            // release them all.
            let held = index.filter { $0.dueTime == RetryEntry.heldDueTime }.map(\.sequence)
            let releaseTime = now().millisecondsSince1970
            shared.withLock { state in
                state.skip = skip
                state.queued += held.map { .release(sequence: $0, dueTime: releaseTime) }
            }
            if !held.isEmpty { commitWakeContinuation.yield() }
            return
        }
        var groups: [String: (held: [UInt64], blockers: [UInt64])] = [:]
        for (sequence, due) in index {
            let stored = try? store.log.record(at: sequence)
            guard let record = stored ?? (try? store.consumers.retry(consumer, sequence: sequence))??.embeddedEvent,
                case .success(let decoded) = PendingDelivery.decode(record),
                let group = GroupOrdering.groupKey(ofJSON: decoded.json, path: path)
            else { continue }
            if due == RetryEntry.heldDueTime { groups[group, default: ([], [])].held.append(sequence) } else { groups[group, default: ([], [])].blockers.append(sequence) }
        }
        let releaseTime = now().millisecondsSince1970
        shared.withLock { state in
            state.skip = skip
            for (group, entries) in groups {
                if let next = state.gate.restore(group: group, held: entries.held, blockers: entries.blockers) {
                    state.queued.append(.release(sequence: next, dueTime: releaseTime))
                }
            }
        }
        if !groups.isEmpty {
            logger.info("restored ordered groups", metadata: ["target": "\(key)", "groups": "\(groups.count)"])
            commitWakeContinuation.yield()
        }
    }
}
