/// Settings of ``ArchiveService`` and ``ReplayService``.
public struct ArchiveConfiguration: Sendable {
    /// Most log records the archiver reads per step.
    public var archiveBatchSize: Int
    /// How often the archiver persists its counts and reports them to the catalog while events flow.
    public var statisticsInterval: Duration
    /// How long the archiver waits for an append before it looks at the catalog again (new or deleted archives).
    public var idleWait: Duration
    /// How long the archiver lets appends gather after one wakes it, so that it counts them in batches.
    public var settleInterval: Duration
    /// Most log records a replay reads (and so at most re-appends) per batch; also the most a restart can
    /// re-inject twice.
    public var replayBatchSize: Int
    /// Pause after a failed step before trying again.
    public var errorBackoff: Duration

    /// Creates a configuration.
    /// - Parameters:
    ///   - archiveBatchSize: Records per archiver step (default 1,000).
    ///   - statisticsInterval: Persist/report interval of archive counts (default 5 s).
    ///   - idleWait: Longest idle wait of the archiver (default 1 s).
    ///   - settleInterval: Pause after an append wakes the archiver (default 100 ms).
    ///   - replayBatchSize: Records per replay batch (default 500).
    ///   - errorBackoff: Pause after an error (default 1 s).
    public init(
        archiveBatchSize: Int = 1_000, statisticsInterval: Duration = .seconds(5), idleWait: Duration = .seconds(1),
        settleInterval: Duration = .milliseconds(100), replayBatchSize: Int = 500, errorBackoff: Duration = .seconds(1)
    ) {
        self.archiveBatchSize = max(1, archiveBatchSize)
        self.statisticsInterval = statisticsInterval
        self.idleWait = idleWait
        self.settleInterval = settleInterval
        self.replayBatchSize = max(1, replayBatchSize)
        self.errorBackoff = errorBackoff
    }
}
