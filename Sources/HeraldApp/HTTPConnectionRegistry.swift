import NIOCore
import Synchronization

/// The open HTTP connections, so a shutdown whose grace is over can close them (``BoundedShutdownService``) instead
/// of cancelling the server's tasks: cancelling Hummingbird half-closes each connection's input, which NIO refuses
/// (a debug assertion) for a connection accepted but not registered yet.
final class HTTPConnectionRegistry: Sendable {
    private struct State {
        var next = 0
        var channels: [Int: any Channel] = [:]
    }

    private let state = Mutex(State())

    /// Keeps `channel` until it closes.
    func add(_ channel: any Channel) {
        let id = state.withLock { state -> Int in
            state.next += 1
            state.channels[state.next] = channel
            return state.next
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.channels.removeValue(forKey: id) }
        }
    }

    /// How many connections are open.
    var count: Int { state.withLock { $0.channels.count } }

    /// Closes every open connection (requests in progress on them fail; their clients see the connection end).
    func closeAll() {
        for channel in state.withLock({ Array($0.channels.values) }) {
            channel.close(promise: nil)
        }
    }
}
