import CLMDB

/// How much of the map and the disk the store uses (for `/metrics` and admin views).
public struct StorageUsage: Sendable, Hashable {
    /// The configured map size (maximum data file size), in bytes.
    public let mapSize: Int
    /// LMDB's page size, in bytes.
    public let pageSize: Int
    /// Bytes in pages holding data: up to the highest page ever used (the high-water mark), minus the pages on
    /// LMDB's free list, which later writes reuse.
    public let usedBytes: Int
    /// Bytes up to the highest page ever used (free pages below it included).
    public let highWaterBytes: Int
    /// Size of `data.mdb` as the file system reports it.
    public let dataFileSize: Int
    /// Reader-table slots in use (live or stale read transactions).
    public let readers: Int
    /// Events currently stored in the log.
    public let logEntries: Int

    /// Creates a value.
    public init(mapSize: Int, pageSize: Int, usedBytes: Int, highWaterBytes: Int? = nil, dataFileSize: Int, readers: Int, logEntries: Int) {
        self.mapSize = mapSize
        self.pageSize = pageSize
        self.usedBytes = usedBytes
        self.highWaterBytes = highWaterBytes ?? usedBytes
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
        let (info, stat, entries, free) = try environment.read { (txn) throws(StorageError) -> (MDB_envinfo, MDB_stat, Int, Int) in
            var info = MDB_envinfo()
            var stat = MDB_stat()
            try LMDBCall.check(mdb_env_info(environment.env, &info), "mdb_env_info", env: environment.env)
            try LMDBCall.check(mdb_env_stat(environment.env, &stat), "mdb_env_stat", env: environment.env)
            return (info, stat, try txn.count(of: events), Self.freePages(txn))
        }
        let pageSize = Int(stat.ms_psize)
        let highWater = (info.me_last_pgno + 1) * pageSize
        return StorageUsage(
            mapSize: info.me_mapsize, pageSize: pageSize, usedBytes: max(0, highWater - free * pageSize), highWaterBytes: highWater,
            dataFileSize: try environment.dataFileSize(), readers: Int(info.me_numreaders), logEntries: entries)
    }

    /// Pages on LMDB's free list (database 0): each record is a page-number list whose first word is its length.
    /// Pages freed by transactions still visible to a reader are counted too; they become reusable when it ends.
    static func freePages(_ txn: borrowing ReadTransaction) -> Int {
        var cursor: OpaquePointer?
        guard mdb_cursor_open(txn.handle, 0, &cursor) == 0, let cursor else { return 0 }
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        var total = 0
        var operation = MDB_FIRST
        while mdb_cursor_get(cursor, &key, &value, operation) == 0 {
            operation = MDB_NEXT
            guard value.mv_size >= MemoryLayout<Int>.size, let data = value.mv_data else { continue }
            total += max(0, data.loadUnaligned(as: Int.self))
        }
        return total
    }
}
