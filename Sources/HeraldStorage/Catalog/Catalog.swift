/// One catalog entry.
public struct CatalogEntry: Sendable, Hashable {
    /// The key.
    public let key: String
    /// The value bytes.
    public let value: [UInt8]

    /// Creates an entry.
    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// One change in a `Catalog.apply(_:)` batch.
public enum CatalogChange: Sendable, Hashable {
    /// Store `value` under `key`, replacing any previous value.
    case put(key: String, value: [UInt8])
    /// Remove `key` (no error if absent).
    case delete(key: String)
    /// Remove every key starting with `prefix`.
    case deletePrefix(String)
}

/// A small durable key-value table (String → bytes) for configuration: rules, targets, connections…
///
/// Keys are UTF-8, 1…511 bytes, ordered byte-wise, so a naming scheme like `"rule/<bus>/<name>"` makes
/// `list(prefix:)` cheap. Every write commits durably before returning; `apply(_:)` commits a batch atomically.
/// Writes are synchronous and wait for the disk: they are meant for admin operations, not hot paths.
public struct Catalog: Sendable {
    /// Longest key LMDB accepts (its default `MDB_MAXKEYSIZE`).
    public static let maxKeyBytes = 511

    /// The environment holding the catalog.
    let environment: LMDBEnvironment
    /// The `catalog` database.
    let database: Database

    /// Creates the catalog facade.
    init(environment: LMDBEnvironment, database: Database) {
        self.environment = environment
        self.database = database
    }

    /// The value under `key`, or `nil`.
    public func get(_ key: String) throws(StorageError) -> [UInt8]? {
        let keyBytes = try Self.encode(key)
        return try environment.read { (txn) throws(StorageError) -> [UInt8]? in try txn.get(keyBytes, in: database) }
    }

    /// Stores `value` under `key` durably.
    public func put(_ key: String, _ value: [UInt8]) throws(StorageError) {
        try apply([.put(key: key, value: value)])
    }

    /// Deletes `key` durably. Returns `false` if it did not exist.
    @discardableResult
    public func delete(_ key: String) throws(StorageError) -> Bool {
        let keyBytes = try Self.encode(key)
        return try environment.write { (txn) throws(StorageError) -> Bool in try txn.delete(keyBytes, in: database) }
    }

    /// Applies every change in one write transaction: all or nothing.
    public func apply(_ changes: [CatalogChange]) throws(StorageError) {
        guard !changes.isEmpty else { return }
        var encoded: [(key: [UInt8], change: CatalogChange)] = []
        for change in changes {
            switch change {
            case .put(let key, _), .delete(let key): encoded.append((try Self.encode(key), change))
            case .deletePrefix(let prefix): encoded.append((Array(prefix.utf8), change))
            }
        }
        try environment.write { (txn) throws(StorageError) in
            for (key, change) in encoded {
                switch change {
                case .put(_, let value): try txn.put(value, forKey: key, in: database)
                case .delete: try txn.delete(key, in: database)
                case .deletePrefix: try Self.deletePrefix(key, txn: txn, database: database)
                }
            }
        }
    }

    /// Entries whose key starts with `prefix`, in key order, optionally after `after`, at most `limit`.
    /// - Parameters:
    ///   - prefix: Key prefix (`""` lists everything).
    ///   - after: Exclusive start key, for paging (pass the last key of the previous page).
    ///   - limit: Maximum number of entries.
    public func list(prefix: String, after: String? = nil, limit: Int = .max) throws(StorageError) -> [CatalogEntry] {
        let prefixBytes = Array(prefix.utf8)
        let afterBytes = after.map { Array($0.utf8) }
        return try environment.read { (txn) throws(StorageError) -> [CatalogEntry] in
            try txn.withCursor(on: database) { (cursor) throws(StorageError) -> [CatalogEntry] in
                var entries: [CatalogEntry] = []
                var start = prefixBytes
                if let afterBytes, prefixBytes.lexicographicallyPrecedes(afterBytes) { start = afterBytes }
                var entry = start.isEmpty ? try cursor.first() : try cursor.seek(atOrAfter: start)
                while let current = entry, entries.count < limit {
                    guard current.key.starts(with: prefixBytes) else { break }
                    if let afterBytes, current.key.elementsEqual(afterBytes) {
                        entry = try cursor.next()
                        continue
                    }
                    entries.append(CatalogEntry(key: String(decoding: current.key, as: UTF8.self), value: Array(current.value)))
                    entry = try cursor.next()
                }
                return entries
            }
        }
    }

    /// Number of entries whose key starts with `prefix` (walks keys without copying values).
    public func count(prefix: String) throws(StorageError) -> Int {
        let prefixBytes = Array(prefix.utf8)
        return try environment.read { (txn) throws(StorageError) -> Int in
            try txn.withCursor(on: database) { (cursor) throws(StorageError) -> Int in
                var count = 0
                var entry = prefixBytes.isEmpty ? try cursor.first() : try cursor.seek(atOrAfter: prefixBytes)
                while let current = entry, current.key.starts(with: prefixBytes) {
                    count += 1
                    entry = try cursor.next()
                }
                return count
            }
        }
    }

    /// Validates and encodes a key.
    static func encode(_ key: String) throws(StorageError) -> [UInt8] {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.count <= maxKeyBytes else {
            throw .invalidArgument("catalog key must be 1...\(maxKeyBytes) UTF-8 bytes, got \(bytes.count)")
        }
        return bytes
    }

    /// Deletes every key starting with `prefix` inside `txn`.
    static func deletePrefix(_ prefix: [UInt8], txn: borrowing WriteTransaction, database: Database) throws(StorageError) {
        try txn.withCursor(on: database) { (cursor) throws(StorageError) in
            var entry = prefix.isEmpty ? try cursor.first() : try cursor.seek(atOrAfter: prefix)
            while let current = entry, current.key.starts(with: prefix) {
                try cursor.deleteCurrent()
                entry = try cursor.next()
            }
        }
    }
}
