/// Appends fixed-width big-endian fields to a byte array (the storage codecs' writer).
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
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
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    let database: String
    let key: String

    init(_ bytes: UnsafeRawBufferPointer, database: String, key: String) {
        self.bytes = bytes
        self.database = database
        self.key = key
    }

    var isAtEnd: Bool { offset == bytes.count }

    func corrupt(_ reason: String) -> StorageError {
        .corruptRecord(database: database, key: key, reason: reason)
    }

    mutating func take(_ count: Int) throws(StorageError) -> UnsafeRawBufferPointer {
        guard count >= 0, bytes.count - offset >= count else {
            throw corrupt("truncated at byte \(offset): needed \(count) more bytes, have \(bytes.count - offset)")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func u8() throws(StorageError) -> UInt8 { try take(1)[0] }
    mutating func u16() throws(StorageError) -> UInt16 { UInt16(bigEndian: try take(2).loadUnaligned(as: UInt16.self)) }
    mutating func u32() throws(StorageError) -> UInt32 { UInt32(bigEndian: try take(4).loadUnaligned(as: UInt32.self)) }
    mutating func u64() throws(StorageError) -> UInt64 { UInt64(bigEndian: try take(8).loadUnaligned(as: UInt64.self)) }
    mutating func shortBytes() throws(StorageError) -> [UInt8] { Array(try take(Int(try u16()))) }
    mutating func longBytes() throws(StorageError) -> [UInt8] { Array(try take(Int(try u32()))) }
    mutating func shortString() throws(StorageError) -> String { String(decoding: try take(Int(try u16())), as: UTF8.self) }
}
