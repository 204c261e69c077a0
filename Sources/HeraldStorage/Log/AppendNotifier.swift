import Synchronization

/// Publishes the log's committed high-water mark and wakes tasks waiting for it to pass a sequence.
///
/// Waiters may also ask to be woken by the writer's heartbeat (``tick()``, about every 100 ms), so a loop that must
/// notice other things now and then (a stop, a seek) needs no timer task of its own next to every wait.
final class AppendNotifier: Sendable {
    private struct Waiter {
        let after: UInt64
        let wakeOnTick: Bool
        let continuation: UnsafeContinuation<UInt64, Never>
    }

    private struct State {
        var highWater: UInt64
        var closed = false
        var nextWaiterID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state: Mutex<State>

    /// Creates a notifier starting at `highWater`.
    init(highWater: UInt64) {
        state = Mutex(State(highWater: highWater))
    }

    /// `true` once `close()` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// The last committed sequence (0 when nothing was ever appended).
    var highWater: UInt64 { state.withLock { $0.highWater } }

    /// Raises the high-water mark and resumes every waiter it satisfies.
    func publish(_ highWater: UInt64) {
        let ready: [UnsafeContinuation<UInt64, Never>] = state.withLock { state in
            state.highWater = max(state.highWater, highWater)
            if state.waiters.isEmpty { return [] }
            var ready: [UnsafeContinuation<UInt64, Never>] = []
            for (id, waiter) in state.waiters where waiter.after < state.highWater {
                ready.append(waiter.continuation)
                state.waiters[id] = nil
            }
            return ready
        }
        for continuation in ready { continuation.resume(returning: highWater) }
    }

    /// Resumes the waiters that asked to be woken by the heartbeat (the writer calls this about every 100 ms).
    func tick() {
        let woken: ([UnsafeContinuation<UInt64, Never>], UInt64) = state.withLock { state in
            guard !state.waiters.isEmpty else { return ([], state.highWater) }
            var woken: [UnsafeContinuation<UInt64, Never>] = []
            for (id, waiter) in state.waiters where waiter.wakeOnTick {
                woken.append(waiter.continuation)
                state.waiters[id] = nil
            }
            return (woken, state.highWater)
        }
        for continuation in woken.0 { continuation.resume(returning: woken.1) }
    }

    /// Suspends until the high-water mark exceeds `sequence`, or the task is cancelled, or (with `wakeOnTick`) the
    /// next heartbeat.
    /// - Returns: The high-water mark when resumed (≤ `sequence` only if cancelled, closed or woken by a tick).
    func wait(after sequence: UInt64, wakeOnTick: Bool = false) async -> UInt64 {
        let current = highWater
        if current > sequence || Task.isCancelled { return current }
        let id = state.withLock { state in
            defer { state.nextWaiterID &+= 1 }
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<UInt64, Never>) in
                let immediate: UInt64? = state.withLock { state in
                    // Checked under the lock: either the cancellation handler runs after this registration
                    // (and finds the waiter), or the task is already marked cancelled here.
                    if state.highWater > sequence || state.closed || Task.isCancelled { return state.highWater }
                    state.waiters[id] = Waiter(after: sequence, wakeOnTick: wakeOnTick, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let cancelled: (UnsafeContinuation<UInt64, Never>, UInt64)? = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else { return nil }
                return (waiter.continuation, state.highWater)
            }
            if let (continuation, value) = cancelled { continuation.resume(returning: value) }
        }
    }

    /// Resumes every waiter and makes later waits return at once (used at shutdown).
    func close() {
        let all: ([UnsafeContinuation<UInt64, Never>], UInt64) = state.withLock { state in
            state.closed = true
            let all = state.waiters.values.map(\.continuation)
            state.waiters.removeAll()
            return (all, state.highWater)
        }
        for continuation in all.0 { continuation.resume(returning: all.1) }
    }
}
