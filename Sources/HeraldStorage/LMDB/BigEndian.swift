/// Big-endian encoding of fixed-width integers, so that LMDB's byte-wise key order equals numeric order.
public enum BigEndian {
    /// The 8 big-endian bytes of `value`.
    @inlinable
    public static func bytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// The 4 big-endian bytes of `value`.
    @inlinable
    public static func bytes(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// Appends the 8 big-endian bytes of `value` to `buffer`.
    @inlinable
    public static func append(_ value: UInt64, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }

    /// Appends the 4 big-endian bytes of `value` to `buffer`.
    @inlinable
    public static func append(_ value: UInt32, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }

    /// Reads a big-endian `UInt64` at `offset`, or `nil` if fewer than 8 bytes are available there.
    @inlinable
    public static func uint64(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64? {
        guard offset >= 0, bytes.count >= offset + 8 else { return nil }
        return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Reads a big-endian `UInt32` at `offset`, or `nil` if fewer than 4 bytes are available there.
    @inlinable
    public static func uint32(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt32? {
        guard offset >= 0, bytes.count >= offset + 4 else { return nil }
        return UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Reads a big-endian `UInt64` at `offset` of an array, or `nil` if too short.
    @inlinable
    public static func uint64(_ bytes: [UInt8], at offset: Int = 0) -> UInt64? {
        bytes.withUnsafeBytes { uint64($0, at: offset) }
    }

    /// Reads a big-endian `UInt32` at `offset` of an array, or `nil` if too short.
    @inlinable
    public static func uint32(_ bytes: [UInt8], at offset: Int = 0) -> UInt32? {
        bytes.withUnsafeBytes { uint32($0, at: offset) }
    }

    /// Calls `body` with the 8 big-endian bytes of `value`, without allocating.
    @inlinable
    public static func withBytes<R, E: Error>(
        of value: UInt64, _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        var bigEndian = value.bigEndian
        return try Swift.withUnsafeBytes(of: &bigEndian) { (buffer) throws(E) -> R in try body(buffer) }
    }
}
