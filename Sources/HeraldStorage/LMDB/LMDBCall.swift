import CLMDB

/// Internal helpers that turn LMDB return codes into `StorageError` and build `MDB_val`s.
enum LMDBCall {
    /// Maps a non-zero return code to the matching `StorageError`.
    /// - Parameters:
    ///   - code: The C return code.
    ///   - operation: What was being done.
    ///   - env: The environment (used to report the map size on `MDB_MAP_FULL`).
    static func error(code: Int32, operation: String, env: OpaquePointer?) -> StorageError {
        if code == MDB_MAP_FULL {
            var info = MDB_envinfo()
            if let env { mdb_env_info(env, &info) }
            return .mapFull(operation: operation, mapSize: info.me_mapsize)
        }
        let lmdbError = LMDBError(code: code, operation: operation)
        if lmdbError.isDiskFull { return .diskFull(operation: operation) }
        return .lmdb(lmdbError)
    }

    /// Throws the matching `StorageError` unless `code` is `MDB_SUCCESS`.
    @inline(__always)
    static func check(_ code: Int32, _ operation: @autoclosure () -> String, env: OpaquePointer?) throws(StorageError) {
        if code != MDB_SUCCESS { throw error(code: code, operation: operation(), env: env) }
    }

    /// Throws the matching `StorageError` unless `code` is `MDB_SUCCESS`; uses the transaction's environment.
    @inline(__always)
    static func check(_ code: Int32, _ operation: @autoclosure () -> String, txn: OpaquePointer) throws(StorageError) {
        if code != MDB_SUCCESS { throw error(code: code, operation: operation(), env: mdb_txn_env(txn)) }
    }

    /// An `MDB_val` pointing at `bytes` (LMDB never writes through key/data pointers passed in).
    @inline(__always)
    static func val(_ bytes: UnsafeRawBufferPointer) -> MDB_val {
        MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
    }

    /// The bytes an `MDB_val` returned by LMDB points at.
    @inline(__always)
    static func buffer(_ val: MDB_val) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: val.mv_data, count: val.mv_size)
    }
}

/// Calls `body` with the bytes of `array`, preserving `body`'s typed error.
@inline(__always)
func withBytes<R, E: Error>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
    let result: Result<R, E> = array.withUnsafeBytes { buffer in
        Result { () throws(E) -> R in try body(buffer) }
    }
    return try result.get()
}
