import CLMDB

/// One key/value pair under a cursor.
///
/// - Important: Both buffers point into LMDB's memory map and are valid only until the cursor moves,
///   the transaction writes, or the transaction ends. Copy them out (`Array(entry.value)`) to keep them.
public struct CursorEntry {
    /// The key bytes.
    public let key: UnsafeRawBufferPointer
    /// The value bytes.
    public let value: UnsafeRawBufferPointer

    /// The key decoded as a big-endian `UInt64`, or `nil` if it is not 8 bytes long.
    public var uint64Key: UInt64? { key.count == 8 ? BigEndian.uint64(key) : nil }
}

/// A cursor over one database inside one transaction, lent to a closure by `withCursor(on:_:)`.
///
/// Positioning methods return the entry they land on, or `nil` when there is none.
public struct Cursor: ~Copyable {
    /// The raw `MDB_cursor`.
    let handle: OpaquePointer
    /// The database, for error messages.
    let database: Database

    /// Wraps an open cursor.
    init(handle: OpaquePointer, database: Database) {
        self.handle = handle
        self.database = database
    }

    deinit {
        mdb_cursor_close(handle)
    }

    @inline(__always)
    /// One `mdb_cursor_get` operation.
    func move(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil) throws(StorageError) -> CursorEntry? {
        var keyVal = key.map { LMDBCall.val($0) } ?? MDB_val()
        var dataVal = MDB_val()
        let rc = mdb_cursor_get(handle, &keyVal, &dataVal, op)
        if rc == MDB_NOTFOUND { return nil }
        try LMDBCall.check(rc, "mdb_cursor_get \(database.name)", txn: mdb_cursor_txn(handle))
        return CursorEntry(key: LMDBCall.buffer(keyVal), value: LMDBCall.buffer(dataVal))
    }

    /// Moves to the first entry.
    public func first() throws(StorageError) -> CursorEntry? { try move(MDB_FIRST) }

    /// Moves to the last entry.
    public func last() throws(StorageError) -> CursorEntry? { try move(MDB_LAST) }

    /// Moves to the next entry.
    public func next() throws(StorageError) -> CursorEntry? { try move(MDB_NEXT) }

    /// Moves to the previous entry.
    public func previous() throws(StorageError) -> CursorEntry? { try move(MDB_PREV) }

    /// The entry under the cursor.
    public func current() throws(StorageError) -> CursorEntry? { try move(MDB_GET_CURRENT) }

    /// Moves to the first entry whose key is `>= key` (byte-wise).
    public func seek(atOrAfter key: [UInt8]) throws(StorageError) -> CursorEntry? {
        try withBytes(key) { (buffer) throws(StorageError) -> CursorEntry? in try move(MDB_SET_RANGE, key: buffer) }
    }

    /// Moves to the first entry whose key is `>= key` (byte-wise) for a raw key.
    public func seek(atOrAfter key: UnsafeRawBufferPointer) throws(StorageError) -> CursorEntry? {
        try move(MDB_SET_RANGE, key: key)
    }

    /// Moves to the first entry whose big-endian `UInt64` key is `>= key`.
    public func seek(atOrAfter key: UInt64) throws(StorageError) -> CursorEntry? {
        try BigEndian.withBytes(of: key) { (buffer) throws(StorageError) -> CursorEntry? in try move(MDB_SET_RANGE, key: buffer) }
    }

    /// Deletes the entry under the cursor (write transactions only); a following `next()` returns the entry
    /// that came after the deleted one.
    public func deleteCurrent() throws(StorageError) {
        try LMDBCall.check(mdb_cursor_del(handle, 0), "mdb_cursor_del \(database.name)", txn: mdb_cursor_txn(handle))
    }
}
