import CLMDB

/// How much of the map and the disk the store uses (for `/metrics` and admin views).
public struct StorageUsage: Sendable, Hashable {
    /// The configured map size (maximum data file size), in bytes.
    public let mapSize: Int
    /// LMDB's page size, in bytes.
    public let pageSize: Int
    /// Bytes up to the highest page ever used (the file's high-water mark; free pages below it are reused).
    public let usedBytes: Int
    /// Size of `data.mdb` as the file system reports it.
    public let dataFileSize: Int
    /// Reader-table slots in use (live or stale read transactions).
    public let readers: Int
    /// Events currently stored in the log.
    public let logEntries: Int

    /// Creates a value.
    public init(mapSize: Int, pageSize: Int, usedBytes: Int, dataFileSize: Int, readers: Int, logEntries: Int) {
        self.mapSize = mapSize
        self.pageSize = pageSize
        self.usedBytes = usedBytes
        self.dataFileSize = dataFileSize
        self.readers = readers
        self.logEntries = logEntries
    }

    /// `usedBytes / mapSize`, between 0 and 1: how close the store is to `StorageError.mapFull`.
    public var mapFillRatio: Double { mapSize == 0 ? 0 : Double(usedBytes) / Double(mapSize) }
}

extension HeraldStore {
    /// Current map, page and file usage.
    public func usage() throws(StorageError) -> StorageUsage {
        let environment = environment
        let events = databases.events
        let (info, stat, entries) = try environment.read { (txn) throws(StorageError) -> (MDB_envinfo, MDB_stat, Int) in
            var info = MDB_envinfo()
            var stat = MDB_stat()
            try LMDBCall.check(mdb_env_info(environment.env, &info), "mdb_env_info", env: environment.env)
            try LMDBCall.check(mdb_env_stat(environment.env, &stat), "mdb_env_stat", env: environment.env)
            return (info, stat, try txn.count(of: events))
        }
        let pageSize = Int(stat.ms_psize)
        return StorageUsage(
            mapSize: info.me_mapsize, pageSize: pageSize, usedBytes: (info.me_last_pgno + 1) * pageSize,
            dataFileSize: try environment.dataFileSize(), readers: Int(info.me_numreaders), logEntries: entries)
    }
}
