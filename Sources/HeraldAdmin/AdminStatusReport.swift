/// The answer of `GET /admin/status`: process, log, disk and every target's delivery state.
public struct AdminStatusReport: Codable, Sendable, Equatable {
    /// Seconds since the process started.
    public var uptimeSeconds: Double
    /// The server's current time (ISO 8601, UTC).
    public var now: String
    /// The event log's range.
    public var log: LogReport
    /// Disk and map usage of the LMDB store.
    public var disk: DiskReport
    /// One entry per target (stored consumer or live worker), sorted by target.
    public var targets: [TargetReport]

    /// Creates a value.
    public init(uptimeSeconds: Double, now: String, log: LogReport, disk: DiskReport, targets: [TargetReport]) {
        self.uptimeSeconds = uptimeSeconds
        self.now = now
        self.log = log
        self.disk = disk
        self.targets = targets
    }
}

/// The event log's range.
public struct LogReport: Codable, Sendable, Equatable {
    /// The lowest stored sequence (`nil` when the log is empty or fully compacted).
    public var firstSequence: UInt64?
    /// The highest sequence ever appended (0 before the first event).
    public var lastSequence: UInt64
    /// Events currently stored.
    public var storedEvents: Int

    /// Creates a value.
    public init(firstSequence: UInt64?, lastSequence: UInt64, storedEvents: Int) {
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.storedEvents = storedEvents
    }
}

/// Disk and map usage of the LMDB store.
public struct DiskReport: Codable, Sendable, Equatable {
    /// Bytes in use inside the map.
    public var usedBytes: Int
    /// The configured map size (the hard limit).
    public var mapSizeBytes: Int
    /// The data file's size on disk.
    public var dataFileBytes: Int
    /// `usedBytes / mapSizeBytes`, 0...1.
    public var fillRatio: Double

    /// Creates a value.
    public init(usedBytes: Int, mapSizeBytes: Int, dataFileBytes: Int, fillRatio: Double) {
        self.usedBytes = usedBytes
        self.mapSizeBytes = mapSizeBytes
        self.dataFileBytes = dataFileBytes
        self.fillRatio = fillRatio
    }
}

/// One target's delivery state.
public struct TargetReport: Codable, Sendable, Equatable {
    /// `BUS/RULE/ID`.
    public var target: String
    /// `running`, `paused`, `stopped`, or `not-running` when the engine has no worker for it.
    public var state: String
    /// Why the target cannot run (bad configuration, missing connection), if it cannot.
    public var problem: String?
    /// The next log sequence the target will consider (`nil` when no cursor is stored yet).
    public var cursor: UInt64?
    /// Log events at or after the cursor (every event on the log, matching the rule or not).
    public var lagEvents: UInt64
    /// Ingest time of the event at the cursor (ISO 8601), when the target is behind.
    public var oldestPendingAt: String?
    /// Age of that event in seconds.
    public var oldestPendingAgeSeconds: Double?
    /// Requests being sent now.
    public var inFlight: Int
    /// Requests sent since start (first attempts and retries).
    public var sent: UInt64
    /// Successful deliveries since start.
    public var succeeded: UInt64
    /// Retries scheduled since start.
    public var retried: UInt64
    /// Events dead-lettered since start.
    public var deadLettered: UInt64
    /// Entries waiting in the retry queue.
    public var retryQueueSize: Int
    /// When the earliest retry is due (ISO 8601).
    public var retryNextDueAt: String?
    /// Of the retry queue's entries, how many are held behind a failing event of their ordering group.
    public var retryHeld: Int?
    /// Entries in the dead-letter queue.
    public var dlqSize: Int
    /// The last failure's time (ISO 8601).
    public var lastErrorAt: String?
    /// The last failure's text.
    public var lastError: String?

    /// Creates a value with no traffic.
    public init(target: String, state: String) {
        self.target = target
        self.state = state
        self.lagEvents = 0
        self.inFlight = 0
        self.sent = 0
        self.succeeded = 0
        self.retried = 0
        self.deadLettered = 0
        self.retryQueueSize = 0
        self.dlqSize = 0
    }
}
