#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reader-writer gate around every use of the LMDB environment.
///
/// Every transaction holds the gate *shared* for its whole life; `close()` (and any future map resize)
/// takes it *exclusive*, so the environment is never closed or re-mapped under a live transaction, and
/// work attempted after close gets `StorageError.closed` instead of touching freed memory.
/// The shared side is re-entrant for the same thread (glibc's default, reader-preferring rwlock).
final class EnvironmentGate: @unchecked Sendable {
    // Invariant: `lock` is initialised once in `init` and destroyed in `deinit`; `isClosed` is written only
    // while the lock is held exclusively and read only while it is held (shared or exclusive).
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private var isClosed = false

    /// Creates an open gate.
    init() {
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Runs `body` with the gate held shared; throws `.closed` if the environment was closed.
    @inline(__always)
    func shared<R>(_ body: () throws(StorageError) -> R) throws(StorageError) -> R {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if isClosed { throw .closed }
        return try body()
    }

    /// Runs `body` with the gate held exclusively (no transaction is live anywhere in the process).
    /// Returns `nil` without running `body` if the gate is already closed.
    func exclusive<R>(_ body: () -> R) -> R? {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if isClosed { return nil }
        return body()
    }

    /// Marks the gate closed (under the exclusive lock) after running `body`; later `shared` calls throw.
    func close(_ body: () -> Void) {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if isClosed { return }
        body()
        isClosed = true
    }
}
