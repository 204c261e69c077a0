import Logging
import ServiceLifecycle

/// A long-running `Service` that keeps the log compacted: runs `LogCompactor.compact` steps back to back
/// while there is work, then sleeps `interval` on the injected clock. Stops on graceful shutdown.
public struct CompactionService<C: Clock>: Service where C.Duration == Duration {
    /// Settings of the loop.
    public struct Configuration: Sendable {
        /// Pause between passes once the log is compacted.
        public var interval: Duration
        /// Most entries deleted per write transaction.
        public var maxEntriesPerStep: Int
        /// Pause between consecutive steps of one pass, so ingest gets the writer in between.
        public var pauseBetweenSteps: Duration

        /// Creates a configuration.
        /// - Parameters:
        ///   - interval: Pause between passes (default 1 s).
        ///   - maxEntriesPerStep: Entries per transaction (default 1,000: the log has one writer, and a longer
        ///     transaction holds producers' acks and delivery commits behind it).
        ///   - pauseBetweenSteps: Pause between steps of a pass (default 1 ms).
        public init(interval: Duration = .seconds(1), maxEntriesPerStep: Int = 1_000, pauseBetweenSteps: Duration = .milliseconds(1)) {
            self.interval = interval
            self.maxEntriesPerStep = maxEntriesPerStep
            self.pauseBetweenSteps = pauseBetweenSteps
        }
    }

    /// The compactor to drive.
    let compactor: LogCompactor
    /// Interval and batch size.
    let configuration: Configuration
    /// The clock used for sleeping.
    let clock: C
    /// The lowest sequence archives still need.
    let retentionFloor: @Sendable () -> UInt64?
    /// Where failures go.
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - compactor: The store's compactor (`HeraldStore.compactor`).
    ///   - configuration: Interval and batch size.
    ///   - clock: The clock used for sleeping (inject a test clock to drive it).
    ///   - retentionFloor: Called before each step: the lowest sequence archives still need, or `nil`.
    ///   - logger: Where failures are logged.
    public init(
        compactor: LogCompactor, configuration: Configuration = Configuration(), clock: C,
        retentionFloor: @escaping @Sendable () -> UInt64? = { nil }, logger: Logger
    ) {
        self.compactor = compactor
        self.configuration = configuration
        self.clock = clock
        self.retentionFloor = retentionFloor
        self.logger = logger
    }

    /// Runs until cancelled or graceful shutdown; compaction errors are logged and retried next interval.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let pause: Duration
                do throws(StorageError) {
                    let result = try await compactor.compact(maxEntries: configuration.maxEntriesPerStep, retentionFloor: retentionFloor())
                    if result.deleted > 0 {
                        logger.debug("compacted log", metadata: ["deleted": "\(result.deleted)", "bound": "\(result.bound)"])
                    }
                    pause = result.hasMore ? configuration.pauseBetweenSteps : configuration.interval
                } catch {
                    if error == .closed { return }
                    logger.error("log compaction failed", metadata: ["error": "\(error)"])
                    pause = configuration.interval
                }
                do {
                    try await clock.sleep(for: pause)
                } catch {
                    return
                }
            }
        }
    }
}
