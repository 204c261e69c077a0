/// Every error the storage layer throws.
///
/// Retryable conditions (`mapFull`, `diskFull`) leave the environment usable and lose nothing that was
/// committed before; the failed operation had no effect and can be retried after space is freed
/// (compaction, a larger map size, a bigger disk). See `isRetryable`.
public enum StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A call into LMDB failed (I/O error, corruption, resource limits…).
    case lmdb(LMDBError)
    /// The LMDB map is full (`MDB_MAP_FULL`): the write was rolled back, nothing committed was lost.
    /// Retry after compaction frees pages, or reopen with a larger `mapSize`.
    case mapFull(operation: String, mapSize: Int)
    /// The disk is full (`ENOSPC`/`EDQUOT`): the write was rolled back. Retryable once space is freed.
    case diskFull(operation: String)
    /// The data directory is already open, in this process or in another one (Herald holds an
    /// exclusive `flock` on `DIR/lmdb/herald.lock` while the environment is open).
    case alreadyOpen(path: String)
    /// The data directory was written by a newer Herald whose on-disk format this build does not know.
    case unsupportedFormatVersion(found: UInt32, supported: UInt32)
    /// A stored record could not be decoded (unknown record version, truncated bytes…).
    case corruptRecord(database: String, key: String, reason: String)
    /// The caller passed an invalid argument (empty batch, oversized key, sequence 0…).
    case invalidArgument(String)
    /// A file-system call outside LMDB failed (creating the directory, the lock file…).
    case io(operation: String, path: String, errno: Int32)
    /// The store has been closed; no further operations are possible.
    case closed

    /// `true` for conditions that leave the store healthy and may succeed later (`mapFull`, `diskFull`).
    public var isRetryable: Bool {
        switch self {
        case .mapFull, .diskFull: true
        case .lmdb, .alreadyOpen, .unsupportedFormatVersion, .corruptRecord, .invalidArgument, .io, .closed: false
        }
    }

    /// A readable description naming what failed.
    public var description: String {
        switch self {
        case .lmdb(let error): "LMDB error: \(error)"
        case .mapFull(let operation, let mapSize):
            "storage map is full (map size \(mapSize) bytes) during \(operation); retry after compaction or raise the map size"
        case .diskFull(let operation): "disk is full during \(operation); retry after freeing disk space"
        case .alreadyOpen(let path): "the data directory \(path) is already open (in this or another process)"
        case .unsupportedFormatVersion(let found, let supported):
            "the data directory has on-disk format version \(found), but this build supports up to version \(supported)"
        case .corruptRecord(let database, let key, let reason): "corrupt record in \(database) at key \(key): \(reason)"
        case .invalidArgument(let reason): "invalid argument: \(reason)"
        case .io(let operation, let path, let errno): "\(operation) \(path) failed with errno \(errno)"
        case .closed: "the storage environment is closed"
        }
    }
}
