import HeraldJSON
public import HeraldStorage

/// Operator controls: pause, resume, move a target's cursor, skip a poison event.
extension DeliveryEngine {
    /// The storage catalog key under which a paused target's flag is kept (so a pause survives restarts).
    static func pausedKey(_ key: TargetKey) -> String { pausedKey(consumerName: key.consumerName) }

    static func pausedKey(consumerName: String) -> String { "engine/paused/" + consumerName }

    /// Pauses a target: it sends nothing until resumed; events and due retries wait. Survives restarts.
    public func pause(_ key: TargetKey) throws(EngineControlError) {
        let worker = try runningWorker(key)
        do {
            try store.catalog.put(Self.pausedKey(key), [1])
        } catch {
            throw .storage(error)
        }
        worker.setPaused(true)
    }

    /// Resumes a paused target.
    public func resume(_ key: TargetKey) throws(EngineControlError) {
        let worker = try runningWorker(key)
        do {
            _ = try store.catalog.delete(Self.pausedKey(key))
        } catch {
            throw .storage(error)
        }
        worker.setPaused(false)
    }

    /// Moves a target's cursor: events from `sequence` on are (re)considered. Backwards replays delivered events
    /// (at-least-once), forwards skips events. Returns once the new cursor is durable (after the events in flight
    /// are recorded: at most a request timeout), so an acknowledged seek survives a crash.
    public func seek(_ key: TargetKey, toSequence sequence: UInt64) async throws(EngineControlError) {
        let worker = try runningWorker(key)
        guard sequence >= 1 else { throw .invalidArgument("sequence must be at least 1") }
        guard await worker.seek(to: min(sequence, store.log.lastSequence + 1)) else {
            throw .unknownTarget("\(key) (it stopped before the seek was applied)")
        }
    }

    /// Moves a target's cursor to the first event ingested at or after `milliseconds` since the epoch
    /// (the end of the log when there is none).
    public func seek(_ key: TargetKey, toIngestTime milliseconds: UInt64) async throws(EngineControlError) {
        let first: UInt64?
        do {
            first = try store.log.firstSequence(atOrAfterIngestTime: milliseconds)
        } catch {
            throw .storage(error)
        }
        try await seek(key, toSequence: first ?? store.log.lastSequence + 1)
    }

    /// Moves one event to the target's dead-letter queue (reason `skipped`) without sending it: an event waiting
    /// in its retry queue, or one still ahead of its cursor that its rule matches. Anything else is refused — an
    /// event the target already passed, one already dead-lettered, one its rule does not match (a redrive would
    /// then send it an event it never matched), one not in the log.
    public func skip(_ key: TargetKey, sequence: UInt64) async throws(EngineControlError) {
        let worker = try runningWorker(key)
        let inRetryQueue = try checkSkippable(sequence, worker: worker, key: key)
        if !inRetryQueue {
            // Ahead of the cursor: keep the worker from sending it (before the dead letter is written, so it cannot
            // be read and sent in between).
            switch worker.skipAhead(sequence) {
            case .willNotBeSent: break
            case .inFlight:
                throw .invalidArgument("event \(sequence) of \(key) is being sent right now (or waits behind its ordering group's earlier event): skip it if it fails")
            case .finished:
                throw .invalidArgument("event \(sequence) was already sent to \(key)")
            }
        }
        do {
            try await store.consumers.apply(
                [.deadLetter(sequence: sequence, attempt: nil, reason: .init(rawValue: "skipped"))], for: worker.consumer)
        } catch {
            // Not dead-lettered: let the worker send it after all if it has not read it yet.
            if !inRetryQueue { worker.shared.withLock { _ = $0.skip.remove(sequence) } }
            throw .storage(error)
        }
        // If it blocked its ordered group, the group's next held event goes out now.
        worker.releaseNext(after: sequence)
    }

    /// Checks that `sequence` may be skipped; returns whether it is in the retry queue (else it is ahead of the cursor).
    private func checkSkippable(_ sequence: UInt64, worker: TargetWorker, key: TargetKey) throws(EngineControlError) -> Bool {
        do {
            if try store.consumers.deadLetter(worker.consumer, sequence: sequence) != nil {
                throw EngineControlError.invalidArgument("event \(sequence) is already in the dead-letter queue of \(key)")
            }
            if try store.consumers.retry(worker.consumer, sequence: sequence) != nil { return true }
            let cursor = try store.consumers.cursor(of: worker.consumer) ?? 1
            guard sequence >= cursor else {
                throw EngineControlError.invalidArgument(
                    "event \(sequence) is behind the cursor of \(key) (\(cursor)) and not in its retry queue: it was delivered or passed already")
            }
            guard sequence <= store.log.lastSequence,
                let record = try store.log.read(from: sequence, limit: 1).first, record.sequence == sequence
            else { throw EngineControlError.notFound("event \(sequence) is not in the log") }
            let stored = try? StoredEvent(decoding: record.payload)
            guard let stored, stored.busName == key.bus, let json = try? JSONValue(parsing: stored.envelopeJSON),
                worker.plan.matches(json)
            else { throw EngineControlError.invalidArgument("event \(sequence) does not match rule \(key.rule): \(key) would never be sent it") }
            return false
        } catch let error as EngineControlError {
            throw error
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .invalidArgument("\(error)")
        }
    }

    private func runningWorker(_ key: TargetKey) throws(EngineControlError) -> TargetWorker {
        guard let worker = registry.worker(for: key) else { throw .unknownTarget(key.description) }
        return worker
    }
}

/// Why an operator control failed.
public enum EngineControlError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTarget(String)
    case invalidArgument(String)
    /// The event asked for does not exist.
    case notFound(String)
    case storage(StorageError)

    public var description: String {
        switch self {
        case .unknownTarget(let target): "no running target \(target)"
        case .invalidArgument(let reason): reason
        case .notFound(let reason): reason
        case .storage(let error): "storage: \(error)"
        }
    }
}
