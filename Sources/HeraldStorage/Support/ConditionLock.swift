#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex plus condition variable, for the writer thread's queue.
// @unchecked Sendable invariant: both pthread objects are allocated once, initialised in `init`,
// destroyed in `deinit`, and only touched through pthread calls, which are thread-safe.
final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// Creates the mutex and a condition variable on the monotonic clock.
    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Takes the mutex.
    @inline(__always)
    func lock() { pthread_mutex_lock(mutex) }

    /// Releases the mutex.
    @inline(__always)
    func unlock() { pthread_mutex_unlock(mutex) }

    /// Waits for a signal; the mutex must be held and is held again on return.
    @inline(__always)
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Waits for a signal or until the monotonic clock reaches `deadline` (nanoseconds, see `monotonicNanoseconds`).
    @inline(__always)
    func wait(untilNanoseconds deadline: UInt64) {
        var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        pthread_cond_timedwait(condition, mutex, &spec)
    }

    /// Wakes one waiter.
    @inline(__always)
    func signal() { pthread_cond_signal(condition) }

    /// Sets `flag` (a stop request guarded by this lock) and wakes the waiter.
    /// - Returns: `true` for the call that set it, which then joins the thread; `false` if it was set already.
    func raise(_ flag: inout Bool) -> Bool {
        lock()
        defer { unlock() }
        let first = !flag
        flag = true
        signal()
        return first
    }
}

/// The monotonic clock in nanoseconds.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Starts a joinable pthread running `body` (used for the dedicated writer thread).
/// - Returns: The thread, to be passed to `joinThread`.
func startThread(name: String, _ body: @escaping @Sendable () -> Void) -> pthread_t? {
    final class Box: Sendable {
        let name: String
        let body: @Sendable () -> Void
        init(_ name: String, _ body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
    let box = Unmanaged.passRetained(Box(name, body))
    var thread = pthread_t()
    let rc = pthread_create(&thread, nil, { argument in
        guard let argument else { return nil }
        let box = Unmanaged<Box>.fromOpaque(argument).takeRetainedValue()
        nameCurrentThread(box.name)
        box.body()
        return nil
    }, box.toOpaque())
    if rc != 0 {
        box.release()
        return nil
    }
    return thread
}

/// Waits for a thread started by `startThread` to finish.
func joinThread(_ thread: pthread_t) {
    pthread_join(thread, nil)
}

/// Names the calling thread as `top -H` and `perf` show it (Linux keeps at most 15 bytes). Best effort: without
/// `/proc` nothing happens. (`pthread_setname_np` is not visible through Swift's Glibc module.)
public func nameCurrentThread(_ name: String) {
    #if os(Linux)
    let fd = open("/proc/thread-self/comm", O_WRONLY)
    guard fd >= 0 else { return }
    let bytes = Array(name.utf8.prefix(15))
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    #endif
}
