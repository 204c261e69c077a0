/// Settings for a `HeraldStore`. Every parameter has a default suited to a production box.
public struct StorageConfiguration: Sendable, Hashable {
    /// LMDB map size and reader-table size.
    public var environment: LMDBEnvironment.Configuration
    /// Most events one group commit may hold (a single request larger than this still commits, alone).
    public var maxBatchEvents: Int
    /// Most payload bytes one group commit may hold (a single request larger than this still commits, alone).
    public var maxBatchBytes: Int
    /// The largest payload `EventLog.append` accepts, in bytes.
    public var maxPayloadBytes: Int
    /// Most bytes of `data.mdb` kept written (zero-filled) past LMDB's last page while the log grows, so that commits
    /// overwrite written blocks instead of extending the file (one second of growth ahead, no more than this); 0
    /// turns it off. See `DataFilePreallocator`.
    public var preallocationBytes: Int

    /// Creates a configuration.
    /// - Parameters:
    ///   - environment: Map size (default 16 GiB, sparse) and max readers (default 1024).
    ///   - maxBatchEvents: Group-commit cap on events (default 8192).
    ///   - maxBatchBytes: Group-commit cap on payload bytes (default 32 MiB).
    ///   - maxPayloadBytes: Largest accepted payload (default 4 MiB).
    ///   - preallocationBytes: Most bytes written ahead of the live data while the log grows (default 64 MiB; 0: off).
    public init(
        environment: LMDBEnvironment.Configuration = .init(),
        maxBatchEvents: Int = 8192,
        maxBatchBytes: Int = 32 << 20,
        maxPayloadBytes: Int = 4 << 20,
        preallocationBytes: Int = 64 << 20
    ) {
        self.preallocationBytes = max(0, preallocationBytes)
        self.environment = environment
        self.maxBatchEvents = maxBatchEvents
        self.maxBatchBytes = maxBatchBytes
        self.maxPayloadBytes = maxPayloadBytes
    }
}
