import Logging

/// Herald's storage: one LMDB environment in `DIR/lmdb/` holding the event log, the catalog, consumer
/// state (cursors, retries, dead letters) and metadata.
///
/// - Important: Open one store per data directory per process, at start-up, and `close()` it last at
///   shutdown. A second open of the same directory fails with `StorageError.alreadyOpen`.
public final class HeraldStore: Sendable {
    /// The on-disk format version this build writes and the newest it can open.
    public static let formatVersion: UInt32 = 1
    /// The `meta` key holding the format version (big-endian `UInt32`).
    public static let formatVersionKey = "format-version"

    /// The data directory the store was opened from.
    public let directory: String
    /// The underlying LMDB environment (in `DIR/lmdb`).
    public let environment: LMDBEnvironment
    /// Handles to every database.
    public let databases: StorageDatabases
    /// The event log.
    public let log: EventLog
    /// The generic key-value catalog.
    public let catalog: Catalog
    /// Consumer state: cursors, retry queue, dead-letter queue.
    public let consumers: ConsumerStore
    /// Deletes consumed log entries in bounded steps.
    public let compactor: LogCompactor
    /// The delivery-outcome journal (read by the ledger).
    public let journal: OutcomeJournal
    /// The clock used for ingest times.
    public let clock: any WallClock
    /// Writes `data.mdb` ahead of its live end while the log grows.
    let preallocator: DataFilePreallocator

    /// Opens (creating if needed) the store in `directory`.
    /// - Parameters:
    ///   - directory: The Herald data directory; LMDB files live in `directory/lmdb/`.
    ///   - configuration: Map size, batch caps, payload limit.
    ///   - clock: Source of ingest times.
    ///   - logger: Where storage logs.
    /// - Throws: `.alreadyOpen`, `.unsupportedFormatVersion(found:supported:)`, `.io`, `.lmdb`.
    public convenience init(
        directory: String,
        configuration: StorageConfiguration = StorageConfiguration(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "herald.storage")
    ) throws(StorageError) {
        try self.init(
            directory: directory, configuration: configuration,
            preallocation: DataFilePreallocator.Policy(maxHeadroomBytes: configuration.preallocationBytes), clock: clock, logger: logger)
    }

    /// Opens the store with an explicit preallocation policy and deferral window (tests use small steps and horizons, or
    /// a long window so that a loaded box's timing cannot decide what shares a commit).
    init(
        directory: String, configuration: StorageConfiguration, preallocation: DataFilePreallocator.Policy, clock: any WallClock,
        deferNanoseconds: UInt64 = GroupCommitWriter.defaultDeferNanoseconds, logger: Logger
    ) throws(StorageError) {
        let environment = try LMDBEnvironment(
            path: directory + "/lmdb", databaseNames: StorageDatabases.allNames, configuration: configuration.environment)
        let databases = try StorageDatabases(environment)
        try Self.checkFormatVersion(environment, meta: databases.meta)
        self.directory = directory
        self.environment = environment
        self.databases = databases
        self.clock = clock
        self.catalog = Catalog(environment: environment, database: databases.catalog)
        let last = try EventLog.lastEntry(environment: environment, events: databases.events)
        let notifier = AppendNotifier(highWater: last.sequence)
        let writer = GroupCommitWriter(
            environment: environment, events: databases.events, clock: clock, notifier: notifier, lastSequence: last.sequence,
            lastIngestTime: last.ingestTime, maxBatchEvents: configuration.maxBatchEvents,
            maxBatchBytes: configuration.maxBatchBytes, deferNanoseconds: deferNanoseconds, logger: logger)
        self.log = EventLog(
            environment: environment, events: databases.events, writer: writer, notifier: notifier,
            maxPayloadBytes: configuration.maxPayloadBytes)
        self.consumers = ConsumerStore(environment: environment, databases: databases, writer: writer, clock: clock)
        self.compactor = LogCompactor(databases: databases, writer: writer)
        self.journal = OutcomeJournal(environment: environment, databases: databases, writer: writer)
        self.preallocator = DataFilePreallocator(environment: environment, policy: preallocation, logger: logger)
        try writer.start()
        try preallocator.start()
    }

    deinit {
        close()
    }

    /// What the data-file preallocator has written since the store was opened (``StorageConfiguration/preallocationBytes``).
    public var preallocationStatistics: PreallocationStatistics { preallocator.statistics }

    /// Commits queued appends, stops the writer thread, wakes waiters and closes the environment.
    /// Idempotent; later operations throw `StorageError.closed`.
    public func close() {
        log.stop()
        preallocator.stop()
        environment.close()
    }

    private static func checkFormatVersion(_ environment: LMDBEnvironment, meta: Database) throws(StorageError) {
        let key = Array(formatVersionKey.utf8)
        try environment.write { (txn) throws(StorageError) in
            guard let stored = try txn.get(key, in: meta) else {
                try txn.put(BigEndian.bytes(formatVersion), forKey: key, in: meta)
                return
            }
            guard stored.count == 4, let found = BigEndian.uint32(stored) else {
                throw .corruptRecord(database: "meta", key: formatVersionKey, reason: "format version is \(stored.count) bytes, expected 4")
            }
            if found > formatVersion || found == 0 { throw .unsupportedFormatVersion(found: found, supported: formatVersion) }
        }
    }
}
