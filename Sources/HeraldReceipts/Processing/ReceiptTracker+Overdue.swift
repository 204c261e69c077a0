public import HeraldEvents
import HeraldServer
import HeraldStorage
import Logging

extension ReceiptTracker {
    /// Emits `ReceiptOverdue` for a record whose deadline passed, unless a settling receipt arrived or the event was
    /// already emitted (both re-checked under the message's lock). Once emitted, the record is marked durably and
    /// leaves the overdue index, so the event is emitted once per message, across restarts.
    /// - Parameters:
    ///   - record: The record from ``DispatchRecordStore/unsettled(sentAtOrBefore:after:limit:)``.
    ///   - deadline: `sentAt` + the channel's timeout (the event's `occurred_at`).
    ///   - now: The current time (the event's `time`).
    /// - Returns: `true` if the event was emitted now.
    /// - Throws: `ReceiptProcessingError`; nothing is marked and the next check tries again.
    public func emitOverdue(_ record: DispatchRecord, deadline: UTCTime, now: UTCTime) async
        throws(ReceiptProcessingError) -> Bool
    {
        let key = ReceiptKeys.messagePath(provider: record.provider, messageID: record.providerMessageID)
        return try await lock.withLock(key) { () async throws(ReceiptProcessingError) -> Bool in
            try await emitOverdueLocked(record, deadline: deadline, now: now)
        }
    }

    private func emitOverdueLocked(_ record: DispatchRecord, deadline: UTCTime, now: UTCTime) async
        throws(ReceiptProcessingError) -> Bool
    {
        let stored: DispatchRecord?
        let status: ReceiptStatusRecord?
        do {
            stored = try store.lookup(provider: record.provider, messageID: record.providerMessageID)
            status = try store.status(provider: record.provider, messageID: record.providerMessageID)
        } catch {
            throw .store(error)
        }
        guard let stored else { return false }
        if stored.overdueEmittedAt != nil || status?.status.settlesDelivery == true {
            do {
                try store.apply([.delete(key: store.pendingKey(stored))])
            } catch {
                throw .store(error)
            }
            return false
        }
        try await ingest(events.overdueEvent(stored, deadline: deadline, status: status, time: now))
        var marked = stored
        marked.overdueEmittedAt = now
        let dispatchKey = ReceiptKeys.dispatch(provider: stored.provider, messageID: stored.providerMessageID)
        do {
            try store.apply([.put(key: dispatchKey, value: marked.encoded), .delete(key: store.pendingKey(stored))])
        } catch {
            throw .store(error)
        }
        logger.info(
            "receipt overdue", metadata: ["provider": "\(stored.provider)", "message_id": "\(stored.providerMessageID)"])
        return true
    }
}
