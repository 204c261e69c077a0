import CLMDB

/// A failed LMDB call: the raw return code plus what Herald was doing when it failed.
///
/// `code` is the value returned by the C API: either one of LMDB's own codes (`MDB_MAP_FULL`,
/// `MDB_NOTFOUND`, …, all negative) or a positive `errno` value (`ENOSPC`, `EIO`, …).
public struct LMDBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The return code of the failed C call.
    public let code: Int32
    /// A short description of the operation, e.g. `"mdb_put events"` or `"commit append batch"`.
    public let operation: String

    /// Creates an error from a return code and the operation that produced it.
    /// - Parameters:
    ///   - code: The LMDB or `errno` return code.
    ///   - operation: What was being done.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// LMDB's own message for `code` (from `mdb_strerror`).
    public var message: String { String(cString: mdb_strerror(code)) }

    /// `true` when the map (the configured maximum database size) is full.
    public var isMapFull: Bool { code == MDB_MAP_FULL }

    /// `true` when the key was not found.
    public var isNotFound: Bool { code == MDB_NOTFOUND }

    /// `true` when the disk itself is full (`ENOSPC`) or over quota (`EDQUOT`).
    public var isDiskFull: Bool { code == 28 || code == 122 }

    /// A readable description: the operation, the code and LMDB's message.
    public var description: String { "\(operation) failed: \(message) (code \(code))" }
}
