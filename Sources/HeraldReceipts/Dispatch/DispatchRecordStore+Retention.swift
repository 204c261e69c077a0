public import HeraldEvents
import HeraldJSON
import HeraldStorage

extension DispatchRecordStore {
    /// Deletes what is older than `cutoff`: dispatch records sent before it (with their status and overdue-index
    /// entries), statuses received before it, and receipt dedupe marks received before it. Keep `cutoff` well behind
    /// the providers' retry windows (Svix retries for about a day and a half), e.g. 7 days.
    ///
    /// Walks the keys in pages (one read transaction per page) and deletes each page's expired keys in one
    /// transaction, so it can run while receipts arrive.
    /// - Parameters:
    ///   - cutoff: Entries older than this are deleted.
    ///   - pageSize: Keys read per page.
    /// - Returns: The number of expired entries: dispatch records (their status and index keys go with them), statuses
    ///   without a record, and dedupe marks.
    /// - Throws: `ReceiptStoreError.storage`; corrupt values are skipped, not deleted.
    @discardableResult
    public func prune(olderThan cutoff: UTCTime, pageSize: Int = 512) throws(ReceiptStoreError) -> Int {
        var deleted = 0
        deleted += try prune(prefix: "receipts/dispatch/", pageSize: pageSize) { (key, value) -> [CatalogChange] in
            guard let record = try? DispatchRecord(decoding: value, key: key), record.sentAt < cutoff else { return [] }
            return [
                .delete(key: key), .delete(key: pendingKey(record)),
                .delete(key: ReceiptKeys.status(provider: record.provider, messageID: record.providerMessageID)),
            ]
        }
        deleted += try prune(prefix: "receipts/status/", pageSize: pageSize) { (key, value) -> [CatalogChange] in
            guard let status = try? ReceiptStatusRecord(decoding: value, key: key), status.receivedAt < cutoff else { return [] }
            return [.delete(key: key)]
        }
        deleted += try prune(prefix: "receipts/seen/", pageSize: pageSize) { (key, value) -> [CatalogChange] in
            guard let received = (try? JSONValue(parsing: value))?["received_at_ns"]?.stringValue.flatMap({ Int64($0) }),
                UTCTime(nanosecondsSince1970: received) < cutoff
            else { return [] }
            return [.delete(key: key)]
        }
        return deleted
    }

    private func prune(
        prefix: String, pageSize: Int, expired: (String, [UInt8]) -> [CatalogChange]
    ) throws(ReceiptStoreError) -> Int {
        var after: String?
        var deleted = 0
        while true {
            let page: [CatalogEntry]
            do {
                page = try catalog.list(prefix: prefix, after: after, limit: max(1, pageSize))
            } catch {
                throw .storage(error)
            }
            let changes = page.flatMap { expired($0.key, $0.value) }
            try apply(changes)
            deleted += page.filter { entry in changes.contains(.delete(key: entry.key)) }.count
            guard page.count == max(1, pageSize), let last = page.last else { return deleted }
            after = last.key
        }
    }
}
