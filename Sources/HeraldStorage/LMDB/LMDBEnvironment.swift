import CLMDB
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open LMDB environment: one directory, its memory map, and the named databases opened at start-up.
///
/// - Important: Open an environment once per process and directory. `open` takes an exclusive `flock`
///   on `herald.lock` inside the directory, so a second open of the same directory — from this process
///   or another — fails with `StorageError.alreadyOpen` instead of silently breaking LMDB's locks (closing
///   any descriptor of `lock.mdb` would drop the process's POSIX locks). The environment is opened with
///   `MDB_NOTLS` and `MDB_NOMETASYNC`, never `MDB_NOSYNC`: LMDB's commit syncs the data pages and writes the meta
///   page, and ``write(_:)`` then syncs the meta page itself (`mdb_env_sync`) before it returns, so every commit is
///   durable when `write` returns — the same two syncs as LMDB's default. The group-commit writer uses
///   ``commitLeavingMetaUnsynced(_:afterCommit:)`` instead: it wakes readers between the two, and answers its callers
///   after ``syncMeta()`` or after the next commit's data sync.
///   All database handles are opened in one transaction inside `open`, never later.
// @unchecked Sendable invariant: `env` is only used inside `gate.shared` (transactions) or `gate.close`
// (which ends its life); LMDB itself serialises write transactions and MDB_NOTLS makes read transactions
// usable from any thread. `databases` and `configuration` are immutable.
public final class LMDBEnvironment: @unchecked Sendable {
    /// Environment-level settings.
    public struct Configuration: Sendable, Hashable {
        /// Maximum size of the memory map, i.e. of the data file, in bytes. On Linux the file only grows as
        /// pages are used, so a generous value costs address space, not disk. Rounded up by LMDB to pages.
        public var mapSize: Int
        /// Maximum number of simultaneous read transactions (LMDB's reader table).
        public var maxReaders: UInt32

        /// Creates a configuration.
        /// - Parameters:
        ///   - mapSize: Maximum data file size in bytes (default 16 GiB).
        ///   - maxReaders: Size of the reader table (default 1024).
        public init(mapSize: Int = 16 << 30, maxReaders: UInt32 = 1024) {
            self.mapSize = mapSize
            self.maxReaders = maxReaders
        }
    }

    /// The raw `MDB_env`.
    let env: OpaquePointer
    /// Guards every transaction against `close()`.
    let gate = EnvironmentGate()
    /// How many meta syncs have run (``write(_:)``, ``syncMeta()``); for tests.
    let metaSyncs = Atomic<Int>(0)
    private let lockFileDescriptor: Int32
    /// The directory holding `data.mdb`, `lock.mdb` and `herald.lock`.
    public let path: String
    /// The settings the environment was opened with.
    public let configuration: Configuration
    /// The named databases, by name, all opened at start-up.
    public let databases: [String: Database]

    /// Opens (creating if needed) the environment in `path` and opens or creates every database in
    /// `databaseNames` in one write transaction.
    /// - Parameters:
    ///   - path: A directory; it is created (mode 0700) if missing.
    ///   - databaseNames: Every named database the process will use.
    ///   - configuration: Map size and reader limits.
    /// - Throws: `StorageError.alreadyOpen` if the directory is open already; `.io` or `.lmdb` on failure.
    public init(path: String, databaseNames: [String], configuration: Configuration = Configuration()) throws(StorageError) {
        self.path = path
        self.configuration = configuration
        try Self.makeDirectory(path)
        let lockPath = path + "/herald.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io(operation: "open lock file", path: lockPath, errno: errno) }
        // A child forked by another thread of this process shares the lock's file description until it execs, so a
        // directory closed a moment ago can still look locked for a few milliseconds: try for up to half a second
        // before calling it open elsewhere.
        var attempts = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EWOULDBLOCK, attempts < 100 {
                attempts += 1
                usleep(5_000)
                continue
            }
            systemClose(fd)
            if code == EWOULDBLOCK { throw .alreadyOpen(path: path) }
            throw .io(operation: "flock", path: lockPath, errno: code)
        }
        var envHandle: OpaquePointer?
        var rc = mdb_env_create(&envHandle)
        guard rc == MDB_SUCCESS, let envHandle else {
            systemClose(fd)
            throw LMDBCall.error(code: rc, operation: "mdb_env_create", env: nil)
        }
        do {
            try LMDBCall.check(mdb_env_set_mapsize(envHandle, configuration.mapSize), "mdb_env_set_mapsize", env: envHandle)
            try LMDBCall.check(mdb_env_set_maxreaders(envHandle, configuration.maxReaders), "mdb_env_set_maxreaders", env: envHandle)
            try LMDBCall.check(
                mdb_env_set_maxdbs(envHandle, MDB_dbi(max(databaseNames.count, 1))), "mdb_env_set_maxdbs", env: envHandle)
            rc = mdb_env_open(envHandle, path, UInt32(MDB_NOTLS | MDB_NOMETASYNC), 0o600)
            try LMDBCall.check(rc, "mdb_env_open \(path)", env: envHandle)
            // Clear reader slots left by dead processes (e.g. a kill -9), so they cannot pin old pages.
            var staleReaders: Int32 = 0
            try LMDBCall.check(mdb_reader_check(envHandle, &staleReaders), "mdb_reader_check", env: envHandle)
            self.databases = try Self.openDatabases(envHandle, databaseNames)
        } catch {
            mdb_env_close(envHandle)
            systemClose(fd)
            throw error
        }
        self.env = envHandle
        self.lockFileDescriptor = fd
    }

    deinit {
        close()
    }

    /// Closes the environment and releases the directory lock. Waits for live transactions to finish;
    /// later calls to `read`/`write` throw `StorageError.closed`. Idempotent.
    public func close() {
        gate.close {
            mdb_env_close(env)
            systemClose(lockFileDescriptor)
        }
    }

    /// Runs `body` in a read-only transaction (a consistent snapshot) and returns its result.
    /// - Parameter body: Reads through the lent transaction; copy out whatever must outlive it.
    /// - Throws: `StorageError` from LMDB or from `body`.
    @available(*, noasync, message: "LMDB transactions must not cross an await; call from synchronous code")
    public func read<R>(_ body: (borrowing ReadTransaction) throws(StorageError) -> R) throws(StorageError) -> R {
        try gate.shared { () throws(StorageError) -> R in
            var handle: OpaquePointer?
            try LMDBCall.check(mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &handle), "begin read transaction", env: env)
            guard let handle else { throw .lmdb(LMDBError(code: invalidArgumentCode, operation: "begin read transaction")) }
            let txn = ReadTransaction(handle: handle)
            return try body(txn)
        }
    }

    /// Runs `body` in a write transaction and commits it durably when `body` returns; aborts (changing
    /// nothing) when `body` throws. Blocks while another write transaction is in progress.
    /// - Parameter body: Reads and writes through the lent transaction.
    /// - Throws: `StorageError` from LMDB, from the commit (`.mapFull`, `.diskFull` are retryable) or `body`.
    @available(*, noasync, message: "LMDB transactions must not cross an await; call from synchronous code")
    public func write<R>(_ body: (borrowing WriteTransaction) throws(StorageError) -> R) throws(StorageError) -> R {
        try gate.shared { () throws(StorageError) -> R in
            let (result, _) = try commitLeavingMetaUnsynced(body, afterCommit: { _ in })
            try syncMetaUngated()
            return result
        }
    }

    /// A write transaction committed without the meta sync (the caller holds the gate shared): on return the commit's
    /// data pages are synced and its meta page is written but not synced, so the commit is not durable yet. It becomes
    /// durable with the next ``syncMeta()`` or with the data sync of the next commit that writes anything (LMDB's
    /// `MDB_NOMETASYNC` contract; the group-commit writer relies on it).
    /// - Parameter afterCommit: Runs after LMDB's commit — the transaction is visible to new readers and its data
    ///   pages are on disk — before the commit is durable. For work that may start early but must not be
    ///   acknowledged (waking readers); not run when the commit fails.
    /// - Returns: The body's result, and whether the commit wrote (and synced) pages: LMDB writes and syncs nothing for
    ///   a transaction that changed nothing, so such a commit makes no earlier meta page durable.
    func commitLeavingMetaUnsynced<R>(
        _ body: (borrowing WriteTransaction) throws(StorageError) -> R, afterCommit: (R) -> Void
    ) throws(StorageError) -> (result: R, wrote: Bool) {
        var handle: OpaquePointer?
        try LMDBCall.check(mdb_txn_begin(env, nil, 0, &handle), "begin write transaction", env: env)
        guard let handle else { throw .lmdb(LMDBError(code: invalidArgumentCode, operation: "begin write transaction")) }
        let id = mdb_txn_id(handle)
        let txn = WriteTransaction(handle: handle)
        let result = try body(txn)
        try txn.commit("write transaction")
        var info = MDB_envinfo()
        // A transaction that changed nothing leaves the last committed id where it was.
        let wrote = mdb_env_info(env, &info) != MDB_SUCCESS || info.me_last_txnid == id
        afterCommit(result)
        return (result, wrote)
    }

    /// Makes every commit so far durable: with `MDB_NOMETASYNC` the last one's meta page may be written but not synced.
    func syncMeta() throws(StorageError) {
        try gate.shared { () throws(StorageError) in try syncMetaUngated() }
    }

    /// ``syncMeta()`` without taking the gate (the caller holds it shared already).
    private func syncMetaUngated() throws(StorageError) {
        try Self.syncMeta(env)
        metaSyncs.add(1, ordering: .relaxed)
    }

    private static func syncMeta(_ env: OpaquePointer) throws(StorageError) {
        try LMDBCall.check(mdb_env_sync(env, 1), "sync the meta page", env: env)
    }

    /// Looks up a database opened at start-up.
    /// - Throws: `StorageError.invalidArgument` if `name` was not in `databaseNames`.
    public func database(_ name: String) throws(StorageError) -> Database {
        guard let database = databases[name] else { throw .invalidArgument("database \(name) was not opened at start-up") }
        return database
    }

    /// Size of the data file in bytes (`data.mdb`), as the file system reports it.
    public func dataFileSize() throws(StorageError) -> Int {
        var info = stat()
        let file = path + "/data.mdb"
        if stat(file, &info) != 0 { throw .io(operation: "stat", path: file, errno: errno) }
        return Int(info.st_size)
    }

    private static func openDatabases(_ env: OpaquePointer, _ names: [String]) throws(StorageError) -> [String: Database] {
        var handle: OpaquePointer?
        try LMDBCall.check(mdb_txn_begin(env, nil, 0, &handle), "begin open-databases transaction", env: env)
        guard let handle else { throw .lmdb(LMDBError(code: invalidArgumentCode, operation: "begin open-databases transaction")) }
        let txn = WriteTransaction(handle: handle)
        var result: [String: Database] = [:]
        for name in names {
            var dbi = MDB_dbi()
            try LMDBCall.check(mdb_dbi_open(handle, name, UInt32(MDB_CREATE), &dbi), "mdb_dbi_open \(name)", env: env)
            result[name] = Database(dbi: dbi, name: name)
        }
        try txn.commit("open databases")
        try syncMeta(env)
        return result
    }

    private static func makeDirectory(_ path: String) throws(StorageError) {
        var components: [Substring] = path.split(separator: "/", omittingEmptySubsequences: true)[...].map { $0 }
        var current = path.hasPrefix("/") ? "" : "."
        if components.isEmpty { throw .invalidArgument("empty data directory path") }
        while !components.isEmpty {
            current += "/" + components.removeFirst()
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw .io(operation: "mkdir", path: current, errno: errno)
            }
        }
    }
}
