public import HeraldChannels
public import HeraldEvents
public import HeraldStorage

/// One page of dispatched messages still waiting for a settling receipt (see ``DispatchRecordStore/unsettled(sentAtOrBefore:after:limit:)``).
public struct DispatchPage: Sendable, Hashable {
    /// The records, oldest `sentAt` first.
    public var records: [DispatchRecord]
    /// Pass as `after` to read the next page; `nil` when no more records were sent at or before the cut-off.
    public var nextAfter: String?
}

/// Durable dispatch records, statuses and receipt dedupe marks in the store's catalog table (keys in
/// ``ReceiptKeys``). Every write is one atomic, durable catalog transaction.
///
/// The delivery engine calls ``record(_:)`` after each successful send; the receipt routes and
/// ``ReceiptOverdueService`` read and update the rest.
public struct DispatchRecordStore: Sendable {
    /// The catalog holding the records.
    public let catalog: Catalog

    /// Creates the store over a catalog (`HeraldStore.catalog`).
    /// - Parameter catalog: The catalog table.
    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// Records a message the provider accepted. Recording the same provider/message id again replaces the facts but
    /// keeps an emitted overdue mark; a message whose receipt already settled it is not put on the overdue index.
    /// - Parameter record: The dispatch facts (``DispatchRecord/overdueEmittedAt`` is ignored).
    /// - Throws: `ReceiptStoreError.invalidRecord` for an empty or over-long provider/message id, `.storage`.
    public func record(_ record: DispatchRecord) throws(ReceiptStoreError) {
        try ReceiptKeys.validate(provider: record.provider, messageID: record.providerMessageID)
        guard !record.originEventID.isEmpty else { throw .invalidRecord("origin event id must not be empty") }
        let dispatchKey = ReceiptKeys.dispatch(provider: record.provider, messageID: record.providerMessageID)
        let existing = try lookup(provider: record.provider, messageID: record.providerMessageID)
        let settled = try status(provider: record.provider, messageID: record.providerMessageID)?.status.settlesDelivery ?? false
        var stored = record
        stored.overdueEmittedAt = existing?.overdueEmittedAt
        var changes: [CatalogChange] = []
        if let existing {
            changes.append(.delete(key: pendingKey(existing)))
        }
        changes.append(.put(key: dispatchKey, value: stored.encoded))
        if !settled && stored.overdueEmittedAt == nil {
            changes.append(.put(key: pendingKey(stored), value: Array(dispatchKey.utf8)))
        }
        try apply(changes)
    }

    /// The record of a message, or `nil` if Herald never recorded sending it.
    /// - Parameters:
    ///   - provider: Provider or source name.
    ///   - messageID: The provider's message id.
    /// - Throws: `ReceiptStoreError.corruptRecord`, `.storage`.
    public func lookup(provider: String, messageID: String) throws(ReceiptStoreError) -> DispatchRecord? {
        let key = ReceiptKeys.dispatch(provider: provider, messageID: messageID)
        guard let bytes = try get(key) else { return nil }
        return try DispatchRecord(decoding: bytes, key: key)
    }

    /// The recorded (highest-ranked) status of a message, or `nil` before its first receipt.
    /// - Parameters:
    ///   - provider: Provider or source name.
    ///   - messageID: The provider's message id.
    /// - Throws: `ReceiptStoreError.corruptRecord`, `.storage`.
    public func status(provider: String, messageID: String) throws(ReceiptStoreError) -> ReceiptStatusRecord? {
        let key = ReceiptKeys.status(provider: provider, messageID: messageID)
        guard let bytes = try get(key) else { return nil }
        return try ReceiptStatusRecord(decoding: bytes, key: key)
    }

    /// Whether a receipt with this dedupe id was already processed.
    /// - Parameter receiptID: The receipt's dedupe id.
    /// - Throws: `ReceiptStoreError.storage`.
    public func hasSeen(_ receiptID: ReceiptID) throws(ReceiptStoreError) -> Bool {
        try get(ReceiptKeys.seen(receiptID)) != nil
    }

    /// Records sent at or before `cutoff` that have neither a settling receipt (delivered or later, or terminal) nor
    /// an emitted overdue event: a range read over the sent-time index, oldest first.
    /// - Parameters:
    ///   - cutoff: Latest `sentAt` to include.
    ///   - after: The previous page's ``DispatchPage/nextAfter``.
    ///   - limit: Largest page.
    /// - Throws: `ReceiptStoreError.corruptRecord`, `.storage`.
    public func unsettled(sentAtOrBefore cutoff: UTCTime, after: String? = nil, limit: Int = 256)
        throws(ReceiptStoreError) -> DispatchPage
    {
        let bound = ReceiptKeys.pendingUpperBound(cutoff)
        let entries: [CatalogEntry]
        do {
            entries = try catalog.list(prefix: ReceiptKeys.pendingPrefix, after: after, limit: max(1, limit))
        } catch {
            throw .storage(error)
        }
        var records: [DispatchRecord] = []
        var last: String?
        for entry in entries {
            guard entry.key < bound else { return DispatchPage(records: records, nextAfter: nil) }
            last = entry.key
            let dispatchKey = String(decoding: entry.value, as: UTF8.self)
            guard let bytes = try get(dispatchKey) else { continue }
            records.append(try DispatchRecord(decoding: bytes, key: dispatchKey))
        }
        return DispatchPage(records: records, nextAfter: entries.count < max(1, limit) ? nil : last)
    }

    /// Number of messages on the overdue index (waiting for a settling receipt).
    /// - Throws: `ReceiptStoreError.storage`.
    public func unsettledCount() throws(ReceiptStoreError) -> Int {
        do {
            return try catalog.count(prefix: ReceiptKeys.pendingPrefix)
        } catch {
            throw .storage(error)
        }
    }

    /// The pending-index key of a record.
    func pendingKey(_ record: DispatchRecord) -> String {
        ReceiptKeys.pending(sentAt: record.sentAt, provider: record.provider, messageID: record.providerMessageID)
    }

    /// Applies changes atomically.
    func apply(_ changes: [CatalogChange]) throws(ReceiptStoreError) {
        do {
            try catalog.apply(changes)
        } catch {
            throw .storage(error)
        }
    }

    private func get(_ key: String) throws(ReceiptStoreError) -> [UInt8]? {
        do {
            return try catalog.get(key)
        } catch {
            throw .storage(error)
        }
    }
}
