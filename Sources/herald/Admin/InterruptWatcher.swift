import Dispatch
import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) into a flag that a waiting loop polls, instead of killing the process.
///
/// While a watcher is installed SIGINT is ignored by the default handler and observed through a `DispatchSource`;
/// ``stop()`` restores the default so a later Ctrl-C ends the process as usual.
final class InterruptWatcher {
    /// The flag the signal handler sets (shared with the dispatch queue).
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let flag: Flag
    private let source: any DispatchSourceSignal

    /// Starts observing SIGINT.
    init() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "herald.sigint"))
        let flag = Flag()
        self.flag = flag
        source.setEventHandler { flag.raised.store(true, ordering: .relaxed) }
        source.resume()
        self.source = source
    }

    /// Whether Ctrl-C was pressed since the watcher started.
    var wasInterrupted: Bool { flag.raised.load(ordering: .relaxed) }

    /// Stops observing and restores the default SIGINT behaviour.
    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
