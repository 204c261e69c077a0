import CLMDB

/// A read-write LMDB transaction. Everything done through it commits atomically, or not at all.
///
/// - Important: Obtain one only through `LMDBEnvironment.write(_:)`, which commits it when the closure
///   returns and aborts it when the closure throws. It is `~Copyable`, lent to a synchronous `noasync`
///   closure, and so can neither escape nor cross an `await`. LMDB allows one write transaction at a time
///   per environment, owned by one thread: do not start another `write` (or `read`-then-`write`) from
///   inside the closure. A `StorageError.mapFull` thrown by any call aborts the whole transaction.
public struct WriteTransaction: ~Copyable {
    /// The raw `MDB_txn`.
    let handle: OpaquePointer

    /// Wraps a transaction begun by the environment.
    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        mdb_txn_abort(handle)
    }

    /// Commits; the transaction is consumed whether or not the commit succeeds.
    consuming func commit(_ operation: @autoclosure () -> String) throws(StorageError) {
        let handle = self.handle
        let env = mdb_txn_env(handle)
        discard self
        let rc = mdb_txn_commit(handle)
        if rc != MDB_SUCCESS { throw LMDBCall.error(code: rc, operation: "commit \(operation())", env: env) }
    }

    /// Returns a copy of the value stored under `key`, including changes made earlier in this transaction.
    public func get(_ key: [UInt8], in database: Database) throws(StorageError) -> [UInt8]? {
        try TransactionOps.get(handle, key, database)
    }

    /// Returns a copy of the value stored under a big-endian `UInt64` key, or `nil`.
    public func get(_ key: UInt64, in database: Database) throws(StorageError) -> [UInt8]? {
        try TransactionOps.get(handle, key, database)
    }

    /// Number of entries in `database`, including changes made in this transaction.
    public func count(of database: Database) throws(StorageError) -> Int {
        try TransactionOps.count(handle, database)
    }

    /// Stores `value` under `key`, replacing any previous value.
    /// - Parameters:
    ///   - value: The value bytes.
    ///   - key: The key bytes (1…511 bytes).
    ///   - database: The database to write.
    ///   - append: Pass `true` to use `MDB_APPEND` (the key must sort after every existing key).
    public func put(_ value: [UInt8], forKey key: [UInt8], in database: Database, append: Bool = false) throws(StorageError) {
        try withBytes(key) { (keyBuffer) throws(StorageError) in
            try withBytes(value) { (valueBuffer) throws(StorageError) in
                try putRaw(valueBuffer, key: keyBuffer, database, flags: append ? UInt32(MDB_APPEND) : 0)
            }
        }
    }

    /// Stores `value` under a big-endian `UInt64` key.
    public func put(_ value: [UInt8], forKey key: UInt64, in database: Database, append: Bool = false) throws(StorageError) {
        try BigEndian.withBytes(of: key) { (keyBuffer) throws(StorageError) in
            try withBytes(value) { (valueBuffer) throws(StorageError) in
                try putRaw(valueBuffer, key: keyBuffer, database, flags: append ? UInt32(MDB_APPEND) : 0)
            }
        }
    }

    /// Deletes the entry under `key`. Returns `false` if there was none.
    @discardableResult
    public func delete(_ key: [UInt8], in database: Database) throws(StorageError) -> Bool {
        try withBytes(key) { (keyBuffer) throws(StorageError) -> Bool in try deleteRaw(keyBuffer, database) }
    }

    /// Deletes the entry under a big-endian `UInt64` key. Returns `false` if there was none.
    @discardableResult
    public func delete(_ key: UInt64, in database: Database) throws(StorageError) -> Bool {
        try BigEndian.withBytes(of: key) { (keyBuffer) throws(StorageError) -> Bool in try deleteRaw(keyBuffer, database) }
    }

    /// Opens a cursor on `database`, lends it to `body`, and closes it when `body` returns.
    public func withCursor<R>(
        on database: Database, _ body: (borrowing Cursor) throws(StorageError) -> R
    ) throws(StorageError) -> R {
        try TransactionOps.withCursor(handle, database, body)
    }

    @inline(__always)
    /// `mdb_put` of raw buffers with `flags`.
    func putRaw(_ value: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, _ database: Database, flags: UInt32) throws(StorageError) {
        var keyVal = LMDBCall.val(key)
        var dataVal = LMDBCall.val(value)
        try LMDBCall.check(mdb_put(handle, database.dbi, &keyVal, &dataVal, flags), "mdb_put \(database.name)", txn: handle)
    }

    /// Reserves `size` bytes under `key` (`MDB_RESERVE`) and lets `fill` write them in place.
    @inline(__always)
    func reserveRaw(
        key: UnsafeRawBufferPointer, size: Int, _ database: Database, flags: UInt32,
        fill: (UnsafeMutableRawBufferPointer) -> Void
    ) throws(StorageError) {
        var keyVal = LMDBCall.val(key)
        var dataVal = MDB_val(mv_size: size, mv_data: nil)
        try LMDBCall.check(
            mdb_put(handle, database.dbi, &keyVal, &dataVal, flags | UInt32(MDB_RESERVE)), "mdb_put \(database.name)", txn: handle)
        fill(UnsafeMutableRawBufferPointer(start: dataVal.mv_data, count: size))
    }

    @inline(__always)
    /// `mdb_del` of a raw key; `false` if absent.
    func deleteRaw(_ key: UnsafeRawBufferPointer, _ database: Database) throws(StorageError) -> Bool {
        var keyVal = LMDBCall.val(key)
        let rc = mdb_del(handle, database.dbi, &keyVal, nil)
        if rc == MDB_NOTFOUND { return false }
        try LMDBCall.check(rc, "mdb_del \(database.name)", txn: handle)
        return true
    }
}
