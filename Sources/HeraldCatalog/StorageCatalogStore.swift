import HeraldStorage

/// A ``CatalogStore`` on Herald's LMDB storage: records live in the storage `catalog` table under a key prefix,
/// and each change set is one durable write transaction.
public struct StorageCatalogStore: CatalogStore {
    /// The prefix of every key this store owns in the shared table.
    public let prefix: String
    private let table: HeraldStorage.Catalog

    /// Creates a store over the storage catalog table.
    /// - Parameters:
    ///   - table: the storage `catalog` table (``HeraldStorage/HeraldStore/catalog``).
    ///   - prefix: the key namespace used by the EventBridge catalog (default `eventbridge/`).
    public init(table: HeraldStorage.Catalog, prefix: String = "eventbridge/") {
        self.table = table
        self.prefix = prefix
    }

    /// Every record under the prefix, keyed without it.
    public func loadAll() throws(CatalogError) -> [String: [UInt8]] {
        do {
            var records: [String: [UInt8]] = [:]
            for entry in try table.list(prefix: prefix) {
                records[String(entry.key.dropFirst(prefix.count))] = entry.value
            }
            return records
        } catch {
            throw .internal("Could not read the catalog from storage: \(error)")
        }
    }

    /// Writes every change in one LMDB write transaction.
    public func apply(_ changes: [String: [UInt8]?]) throws(CatalogError) {
        let batch: [CatalogChange] = changes.sorted { $0.key < $1.key }.map { key, value in
            if let value { return .put(key: prefix + key, value: value) }
            return .delete(key: prefix + key)
        }
        do {
            try table.apply(batch)
        } catch {
            throw .internal("Could not write the catalog to storage: \(error)")
        }
    }
}
