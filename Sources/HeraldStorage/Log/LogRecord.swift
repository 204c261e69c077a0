/// One event as stored in the log: its sequence, when it was ingested, and the opaque payload.
public struct LogRecord: Sendable, Hashable {
    /// The record's sequence number (≥ 1, gap-free in append order).
    public let sequence: UInt64
    /// When the record was committed, in milliseconds since the Unix epoch. Never decreases along the log.
    public let ingestTime: UInt64
    /// The payload bytes exactly as appended (Herald stores the EventBridge envelope JSON here).
    public let payload: [UInt8]

    /// Creates a record.
    public init(sequence: UInt64, ingestTime: UInt64, payload: [UInt8]) {
        self.sequence = sequence
        self.ingestTime = ingestTime
        self.payload = payload
    }
}

/// The byte layout of a stored log value: a 10-byte header followed by the payload.
///
/// ```
/// offset 0  u8      record format version (1)
/// offset 1  u8      flags (0; reserved)
/// offset 2  u64 BE  ingest time, milliseconds since the Unix epoch
/// offset 10 …       payload bytes (opaque to storage)
/// ```
public enum LogRecordFormat {
    /// The record format version written by this build.
    public static let version: UInt8 = 1
    /// Size of the header in bytes.
    public static let headerSize = 10

    /// Writes the header into the first `headerSize` bytes of `buffer`.
    @inline(__always)
    static func writeHeader(ingestTime: UInt64, into buffer: UnsafeMutableRawBufferPointer) {
        buffer[0] = version
        buffer[1] = 0
        buffer.storeBytes(of: ingestTime.bigEndian, toByteOffset: 2, as: UInt64.self)
    }

    /// Decodes the ingest time of a stored value, checking the version.
    static func ingestTime(of value: UnsafeRawBufferPointer, sequence: UInt64) throws(StorageError) -> UInt64 {
        guard value.count >= headerSize else {
            throw .corruptRecord(database: "events", key: String(sequence), reason: "value shorter than the header (\(value.count) bytes)")
        }
        guard value[0] == version else {
            throw .corruptRecord(database: "events", key: String(sequence), reason: "unknown record format version \(value[0])")
        }
        return UInt64(bigEndian: value.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
    }

    /// Decodes a stored value into a `LogRecord`, copying the payload out.
    static func decode(sequence: UInt64, value: UnsafeRawBufferPointer) throws(StorageError) -> LogRecord {
        let time = try ingestTime(of: value, sequence: sequence)
        return LogRecord(sequence: sequence, ingestTime: time, payload: Array(value[headerSize...]))
    }
}
