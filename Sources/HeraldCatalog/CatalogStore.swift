import Foundation

/// Durable key-value storage for catalog records (string key → bytes).
///
/// ``Catalog`` writes through to it: every mutation hands all changed keys to one ``apply(_:)`` call, which must
/// be atomic (all or nothing) and durable when it returns.
public protocol CatalogStore: Sendable {
    /// Every stored record.
    func loadAll() throws(CatalogError) -> [String: [UInt8]]
    /// Writes the changes atomically: a value stores the key, nil deletes it.
    func apply(_ changes: [String: [UInt8]?]) throws(CatalogError)
}

/// A ``CatalogStore`` that keeps records in memory only (for an ephemeral server and for tests).
public final class InMemoryCatalogStore: CatalogStore, @unchecked Sendable {
    // Invariant: `records` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var records: [String: [UInt8]] = [:]

    /// Creates an empty store.
    public init() {}

    /// Every stored record.
    public func loadAll() throws(CatalogError) -> [String: [UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return records
    }

    /// Applies the changes under the lock.
    public func apply(_ changes: [String: [UInt8]?]) throws(CatalogError) {
        lock.lock()
        defer { lock.unlock() }
        for (key, value) in changes { records[key] = value }
    }
}
