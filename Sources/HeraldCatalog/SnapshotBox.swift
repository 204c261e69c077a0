import Foundation

/// Holds the latest published ``CatalogSnapshot`` for lock-protected reads from any thread.
///
/// Readers on hot paths (PutEvents, socket ingest) must not wait for the catalog actor, which may be busy with a
/// durable store write; they read the box instead.
final class SnapshotBox: @unchecked Sendable {
    // Invariant: `value` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var value: CatalogSnapshot

    init(_ value: CatalogSnapshot) { self.value = value }

    func load() -> CatalogSnapshot {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func store(_ newValue: CatalogSnapshot) {
        lock.lock()
        defer { lock.unlock() }
        value = newValue
    }
}
