import GRDB

/// The delivery ledger: a SQLite file (normally `DATA_DIR/ledger.sqlite`) holding events, dispatch attempts,
/// provider receipts and the feeder's cursors.
///
/// - Important: One `LedgerStore` per file per process. Writes go through a GRDB `DatabasePool` in WAL mode, so
///   readers (reports, ``LedgerQuery``) never block the writer and the writer never blocks them. Each
///   ``apply(_:)`` is one transaction: rows and cursors are committed together or not at all. All methods are
///   synchronous and may block on disk I/O; call them from a dedicated task, never from an event loop.
public final class LedgerStore: Sendable {
    /// The file name used inside a data directory.
    public static let defaultFileName = "ledger.sqlite"

    /// The path of the SQLite file.
    public let path: String
    /// SQLite's write-ahead log beside it.
    let walPath: String
    /// The WAL size past which ``makeDurable(writeBackPause:)`` checkpoints.
    let checkpointThreshold: Int64
    /// The WAL-mode pool: one writer connection, up to four readers.
    let pool: DatabasePool

    /// Opens the ledger at `path`, creating the file and running migrations as needed.
    ///
    /// - Parameters:
    ///   - path: The SQLite file path; its directory must exist.
    ///   - checkpointThreshold: The WAL size in bytes past which ``makeDurable(writeBackPause:)`` checkpoints.
    /// - Throws: ``LedgerError/cannotOpen(path:reason:)`` when the file cannot be opened or migrated,
    ///   ``LedgerError/unsupportedSchemaVersion(found:supported:)`` when it was written by a newer Herald.
    public init(path: String, checkpointThreshold: Int64 = 32 << 20) throws(LedgerError) {
        self.path = path
        walPath = path + "-wal"
        self.checkpointThreshold = checkpointThreshold
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "HeraldLedger"
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            // SQLite's default page cache is 2 MiB: once the indexes outgrow it, every batch re-reads index pages
            // with pread. 32 MiB (per connection, filled only as used) keeps the hot right edges in memory.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // No automatic checkpoints: SQLite would run one in the middle of a commit every 4 MiB of WAL and sync
            // it all at once. ``makeDurable(writeBackPause:)`` checkpoints instead, writing pages back in slices.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        let found: Int
        do {
            found = try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        guard found <= LedgerSchema.currentVersion else {
            throw .unsupportedSchemaVersion(found: found, supported: LedgerSchema.currentVersion)
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            for statement in LedgerSchema.version1 { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2") { db in
            for statement in LedgerSchema.version2 { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        do {
            try migrator.migrate(pool)
        } catch {
            throw .cannotOpen(path: path, reason: "migration failed: \(Self.describe(error))")
        }
    }

    /// The schema version stored in the file (`PRAGMA user_version`).
    ///
    /// - Throws: ``LedgerError/database(_:)``.
    public func schemaVersion() throws(LedgerError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// Writes a batch of rows and cursors in one transaction.
    ///
    /// Rows whose unique key already exists are ignored, so re-applying a batch after a crash adds nothing.
    /// Cursors are upserted. If anything fails, the transaction rolls back and nothing of the batch is kept.
    ///
    /// - Parameters:
    ///   - batch: The rows and cursor positions to store.
    ///   - writeBackPause: After the commit the new WAL pages are written back a slice at a time (see
    ///     ``FileWriteBack``), pausing this long after each slice that had pages: a caught-up feeder yields the disk
    ///     to the event log's commits; one that is far behind passes zero and writes at full speed.
    /// - Throws: ``LedgerError/valueOutOfRange(field:value:)`` for sequences above `Int64.max`,
    ///   ``LedgerError/database(_:)`` for SQLite failures.
    public func apply(_ batch: LedgerBatch, writeBackPause: Duration = .zero) throws(LedgerError) {
        if batch.isEmpty { return }
        try write { db in try LedgerWriter.write(batch, in: db) }
        // Hand the new WAL pages to the disk now, a slice at a time (see ``FileWriteBack``).
        FileWriteBack.writeBack(path: walPath, pause: writeBackPause)
    }

    /// The stored position of the named cursor, or `nil` if it was never written.
    ///
    /// - Throws: ``LedgerError/database(_:)``.
    public func cursor(named name: String) throws(LedgerError) -> UInt64? {
        let value = try read { db in
            try Int64.fetchOne(db, sql: "SELECT position FROM ledger_cursors WHERE name = ?", arguments: [name])
        }
        return value.map { UInt64(bitPattern: $0) }
    }

    /// All stored cursors by name.
    ///
    /// - Throws: ``LedgerError/database(_:)``.
    public func cursors() throws(LedgerError) -> [String: UInt64] {
        try read { db in
            var result: [String: UInt64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, position FROM ledger_cursors") {
                let name: String = row["name"]
                let position: Int64 = row["position"]
                result[name] = UInt64(bitPattern: position)
            }
            return result
        }
    }

    /// Row counts of the `events`, `attempts` and `receipts` tables.
    ///
    /// - Throws: ``LedgerError/database(_:)``.
    public func rowCounts() throws(LedgerError) -> (events: Int, attempts: Int, receipts: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM attempts") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM receipts") ?? 0
            )
        }
    }

    /// Opens a read-only query runner on this ledger's file.
    public func makeQuery() -> LedgerQuery {
        LedgerQuery(path: path)
    }

    // MARK: - Helpers

    /// Runs `body` in a read transaction, mapping errors to ``LedgerError``.
    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.read(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// Makes every committed transaction durable on disk, and checkpoints once the write-ahead log has grown past
    /// ``checkpointThreshold``.
    ///
    /// In WAL mode with `synchronous = NORMAL` (GRDB's setting) a commit does not sync: an operating-system crash
    /// could lose the last commits until the WAL is synced here. (The feeder calls this before it lets go of the
    /// sources it could re-read them from.) Automatic checkpoints are off; the checkpoint here syncs the WAL, copies
    /// it into the database file with SQLite's own syncs turned off, writes those pages back a slice at a time and
    /// syncs the database file — all before any other write can begin (it holds the writer), so the WAL is never
    /// reused before what it held is durable in the database file.
    ///
    /// - Parameter writeBackPause: As for ``apply(_:writeBackPause:)``, for the checkpointed pages.
    /// - Throws: ``LedgerError/database(_:)``.
    public func makeDurable(writeBackPause pause: Duration = .zero) throws(LedgerError) {
        let walPath = walPath, path = path, threshold = checkpointThreshold
        try writeWithoutTransaction { db in
            try FileWriteBack.sync(walPath)
            guard FileWriteBack.size(walPath) >= threshold else { return }
            try db.execute(sql: "PRAGMA synchronous = OFF")
            do {
                try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
                FileWriteBack.writeBack(path: path, pause: pause)
                try FileWriteBack.sync(path)
            } catch {
                try? db.execute(sql: "PRAGMA synchronous = NORMAL")
                throw error
            }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
    }

    /// Runs `body` on the writer connection outside a transaction, mapping errors to ``LedgerError``.
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.writeWithoutTransaction(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// Runs `body` in a write transaction, mapping errors to ``LedgerError``.
    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// A short description of a GRDB or other error.
    static func describe(_ error: any Error) -> String {
        if let databaseError = error as? DatabaseError {
            return databaseError.message ?? databaseError.description
        }
        return String(describing: error)
    }
}
