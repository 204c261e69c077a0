/// Appends fixed-width big-endian fields to a byte array (the storage codecs' writer).
struct ByteWriter {
    /// The bytes written so far.
    var bytes: [UInt8] = []

    /// Creates a writer with reserved capacity.
    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends a byte.
    mutating func u8(_ value: UInt8) { bytes.append(value) }
    /// Appends a big-endian u16.
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
    /// Appends a big-endian u32.
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
    /// Appends a big-endian u64.
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
    /// Appends raw bytes.
    mutating func raw(_ value: some Collection<UInt8>) { bytes.append(contentsOf: value) }

    /// A `u16` length then at most `limit` bytes of `value`.
    mutating func shortBytes(_ value: some Collection<UInt8>, limit: Int) {
        let count = min(value.count, limit, Int(UInt16.max))
        u16(UInt16(count))
        bytes.append(contentsOf: value.prefix(count))
    }

    /// A `u32` length then the bytes.
    mutating func longBytes(_ value: [UInt8]) {
        u32(UInt32(truncatingIfNeeded: value.count))
        bytes.append(contentsOf: value)
    }
}

/// Reads fixed-width big-endian fields, throwing `StorageError.corruptRecord` on truncation.
struct ByteReader {
    /// The value being read.
    let bytes: UnsafeRawBufferPointer
    /// Read position.
    var offset = 0
    /// Database name, for errors.
    let database: String
    /// Key description, for errors.
    let key: String

    /// Creates a reader over `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, database: String, key: String) {
        self.bytes = bytes
        self.database = database
        self.key = key
    }

    /// `true` when every byte was read.
    var isAtEnd: Bool { offset == bytes.count }

    /// The error for a malformed value.
    func corrupt(_ reason: String) -> StorageError {
        .corruptRecord(database: database, key: key, reason: reason)
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int) throws(StorageError) -> UnsafeRawBufferPointer {
        guard count >= 0, bytes.count - offset >= count else {
            throw corrupt("truncated at byte \(offset): needed \(count) more bytes, have \(bytes.count - offset)")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    /// Reads a byte.
    mutating func u8() throws(StorageError) -> UInt8 { try take(1)[0] }
    /// Reads a big-endian u16.
    mutating func u16() throws(StorageError) -> UInt16 { UInt16(bigEndian: try take(2).loadUnaligned(as: UInt16.self)) }
    /// Reads a big-endian u32.
    mutating func u32() throws(StorageError) -> UInt32 { UInt32(bigEndian: try take(4).loadUnaligned(as: UInt32.self)) }
    /// Reads a big-endian u64.
    mutating func u64() throws(StorageError) -> UInt64 { UInt64(bigEndian: try take(8).loadUnaligned(as: UInt64.self)) }
    /// Reads u16-length-prefixed bytes.
    mutating func shortBytes() throws(StorageError) -> [UInt8] { Array(try take(Int(try u16()))) }
    /// Reads u32-length-prefixed bytes.
    mutating func longBytes() throws(StorageError) -> [UInt8] { Array(try take(Int(try u32()))) }
    /// Reads u16-length-prefixed UTF-8.
    mutating func shortString() throws(StorageError) -> String { String(decoding: try take(Int(try u16())), as: UTF8.self) }
}
