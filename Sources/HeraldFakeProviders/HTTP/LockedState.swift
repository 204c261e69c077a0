import Synchronization

/// A `Mutex`-protected value that escaping `@Sendable` closures (NIO responders) can share.
final class LockedState<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// Wraps an initial value.
    init(_ value: Value) {
        self.mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { value in body(&value) }
    }
}
