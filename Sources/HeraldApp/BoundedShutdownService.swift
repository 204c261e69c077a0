import ServiceLifecycle

/// Runs a service and bounds its graceful shutdown: once shutdown is triggered, the service gets `grace` to finish
/// on its own; then `cutOff` runs (Herald closes the HTTP connections still open), and if the service has still not
/// stopped one more second later, it is cancelled.
///
/// Herald's HTTP server finishes the requests in progress when asked to stop, and one client that sent half a
/// request and went quiet kept SIGTERM waiting for as long as it held the connection (minutes; systemd would
/// SIGKILL). With its connection closed, the server stops; every acknowledged event is durable already.
struct BoundedShutdownService<Base: Service>: Service {
    /// The service.
    let base: Base
    /// How long it may take to stop once shutdown is triggered.
    let grace: Duration
    /// Run once the grace is over: makes the service finish (closes what it waits on).
    var cutOff: @Sendable () -> Void = {}

    func run() async throws {
        try await withThrowingTaskGroup(of: BoundedShutdownFinished.self) { group in
            group.addTask {
                try await base.run()
                return .base
            }
            group.addTask {
                do {
                    try await gracefulShutdown()
                    try await Task.sleep(for: grace)
                    cutOff()
                    try await Task.sleep(for: .seconds(1))
                    return .graceOver
                } catch {
                    return .watcherCancelled
                }
            }
            while let finished = try await group.next() {
                switch finished {
                case .base:
                    group.cancelAll()
                    return
                case .graceOver:
                    group.cancelAll()  // the last resort: the base ends at its next cancellation check
                case .watcherCancelled:
                    break
                }
            }
        }
    }
}

/// Which task of a ``BoundedShutdownService`` ended.
private enum BoundedShutdownFinished: Sendable {
    case base, graceOver, watcherCancelled
}
