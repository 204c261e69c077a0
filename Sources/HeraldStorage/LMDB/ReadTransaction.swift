import CLMDB

/// A read-only LMDB transaction: a consistent snapshot of every database.
///
/// - Important: Obtain one only through `LMDBEnvironment.read(_:)`. It is `~Copyable` and lent to the
///   closure (`borrowing`), so it cannot escape the closure, and the closure is synchronous and `noasync`,
///   so it cannot be held across an `await`. Values read from it are copied out (`[UInt8]`); raw buffers
///   from `Cursor` are valid only until the cursor moves or the transaction ends. Keep it short: an open
///   reader pins old pages and stops the file from reusing them. The environment uses `MDB_NOTLS`, so a
///   reader is not tied to its thread's slot.
public struct ReadTransaction: ~Copyable {
    /// The raw `MDB_txn`.
    let handle: OpaquePointer

    /// Wraps a transaction begun by the environment.
    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        mdb_txn_abort(handle)
    }

    /// Returns a copy of the value stored under `key`, or `nil` if there is none.
    /// - Parameters:
    ///   - key: The key bytes (1…511 bytes).
    ///   - database: The database to read.
    /// - Throws: `StorageError` if LMDB fails.
    public func get(_ key: [UInt8], in database: Database) throws(StorageError) -> [UInt8]? {
        try TransactionOps.get(handle, key, database)
    }

    /// Returns a copy of the value stored under a big-endian `UInt64` key, or `nil` if there is none.
    public func get(_ key: UInt64, in database: Database) throws(StorageError) -> [UInt8]? {
        try TransactionOps.get(handle, key, database)
    }

    /// Number of entries in `database` (from `mdb_stat`; O(1)).
    public func count(of database: Database) throws(StorageError) -> Int {
        try TransactionOps.count(handle, database)
    }

    /// Opens a cursor on `database`, lends it to `body`, and closes it when `body` returns.
    public func withCursor<R>(
        on database: Database, _ body: (borrowing Cursor) throws(StorageError) -> R
    ) throws(StorageError) -> R {
        try TransactionOps.withCursor(handle, database, body)
    }
}

/// The operations shared by read and write transactions, on the raw transaction pointer.
enum TransactionOps {
    @inline(__always)
    /// The raw value under `key`, valid until the transaction writes or ends.
    static func getRaw(
        _ txn: OpaquePointer, _ key: UnsafeRawBufferPointer, _ database: Database
    ) throws(StorageError) -> UnsafeRawBufferPointer? {
        var keyVal = LMDBCall.val(key)
        var dataVal = MDB_val()
        let rc = mdb_get(txn, database.dbi, &keyVal, &dataVal)
        if rc == MDB_NOTFOUND { return nil }
        try LMDBCall.check(rc, "mdb_get \(database.name)", txn: txn)
        return LMDBCall.buffer(dataVal)
    }

    /// A copy of the value under `key`.
    static func get(_ txn: OpaquePointer, _ key: [UInt8], _ database: Database) throws(StorageError) -> [UInt8]? {
        try withBytes(key) { (buffer) throws(StorageError) -> [UInt8]? in
            try getRaw(txn, buffer, database).map { Array($0) }
        }
    }

    /// A copy of the value under a big-endian u64 key.
    static func get(_ txn: OpaquePointer, _ key: UInt64, _ database: Database) throws(StorageError) -> [UInt8]? {
        try BigEndian.withBytes(of: key) { (buffer) throws(StorageError) -> [UInt8]? in
            try getRaw(txn, buffer, database).map { Array($0) }
        }
    }

    /// Entry count from `mdb_stat`.
    static func count(_ txn: OpaquePointer, _ database: Database) throws(StorageError) -> Int {
        var stat = MDB_stat()
        try LMDBCall.check(mdb_stat(txn, database.dbi, &stat), "mdb_stat \(database.name)", txn: txn)
        return stat.ms_entries
    }

    /// Opens a cursor for the duration of `body`.
    static func withCursor<R>(
        _ txn: OpaquePointer, _ database: Database, _ body: (borrowing Cursor) throws(StorageError) -> R
    ) throws(StorageError) -> R {
        var cursorHandle: OpaquePointer?
        try LMDBCall.check(mdb_cursor_open(txn, database.dbi, &cursorHandle), "mdb_cursor_open \(database.name)", txn: txn)
        guard let cursorHandle else { throw .lmdb(LMDBError(code: invalidArgumentCode, operation: "mdb_cursor_open \(database.name)")) }
        let cursor = Cursor(handle: cursorHandle, database: database)
        return try body(cursor)
    }
}
