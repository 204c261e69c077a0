import Synchronization

/// Prints the ready line once every listener (HTTP and socket) is accepting.
final class ReadinessGate: Sendable {
    private let state: Mutex<(remaining: Int, port: Int?)>
    private let announce: @Sendable (_ httpPort: Int) -> Void

    init(listeners: Int, announce: @escaping @Sendable (_ httpPort: Int) -> Void) {
        state = Mutex((listeners, nil))
        self.announce = announce
    }

    func httpListening(port: Int) { arrive(port: port) }
    func socketListening() { arrive(port: nil) }

    private func arrive(port: Int?) {
        let ready: Int? = state.withLock { state in
            if let port { state.port = port }
            state.remaining -= 1
            return state.remaining == 0 ? state.port ?? 0 : nil
        }
        if let ready { announce(ready) }
    }
}
