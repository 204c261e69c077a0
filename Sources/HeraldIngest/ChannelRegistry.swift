import NIOCore
import Synchronization

/// A server's open connections, each kept from when it is accepted until it closes, so a shutdown can reach them:
/// the producers' socket stops their reads and waits for them to close; the HTTP server closes the ones still open
/// once its grace is over.
public final class ChannelRegistry: Sendable {
    private struct State {
        var next = 0
        var stopping = false
        var channels: [Int: any Channel] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// Keeps `channel` until it closes; `false` (and not kept) once ``stop()`` was called.
    @discardableResult
    public func add(_ channel: any Channel) -> Bool {
        let id = state.withLock { state -> Int? in
            guard !state.stopping else { return nil }
            state.next += 1
            state.channels[state.next] = channel
            return state.next
        }
        guard let id else { return false }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.channels.removeValue(forKey: id) }
        }
        return true
    }

    /// Refuses connections from now on and returns the open ones.
    public func stop() -> [any Channel] {
        state.withLock { state in
            state.stopping = true
            return Array(state.channels.values)
        }
    }

    /// Closes every open connection (requests in progress on them fail; their peers see the connection end).
    public func closeAll() {
        for channel in state.withLock({ Array($0.channels.values) }) {
            channel.close(promise: nil)
        }
    }

    /// Returns once every connection open now has closed.
    public func waitUntilAllClosed() async {
        for channel in state.withLock({ Array($0.channels.values) }) {
            try? await channel.closeFuture.get()
        }
    }
}
