/// Key layouts of the consumer-state databases (all integers big-endian, so byte order = numeric order).
///
/// ```
/// consumers    "n" + name UTF-8            → u32 id
///              "i" + u32 id                → name UTF-8
/// cursors      u32 id                      → u64 next sequence
/// retries      u64 due + u32 id + u64 seq  → retry value          (20-byte key)
/// retry_index  u32 id + u8 class + u64 seq → u64 due              (13-byte key; class 0 = event in the log,
///                                                                  class 1 = event embedded in the retry value)
/// dead_letters u32 id + u64 seq            → dead-letter value    (12-byte key)
/// ```
enum ConsumerKeys {
    /// Retry-index class of entries whose event is read from the log (these hold back compaction).
    static let logClass: UInt8 = 0
    /// Retry-index class of entries that carry their own copy of the event (redriven from the DLQ).
    static let embeddedClass: UInt8 = 1

    /// `consumers` key of a name.
    static func name(_ name: String) -> [UInt8] { [UInt8(ascii: "n")] + Array(name.utf8) }

    /// `consumers` key of an id.
    static func id(_ id: ConsumerID) -> [UInt8] {
        var writer = ByteWriter(capacity: 5)
        writer.u8(UInt8(ascii: "i"))
        writer.u32(id.rawValue)
        return writer.bytes
    }

    /// `cursors` key of a consumer.
    static func cursor(_ id: ConsumerID) -> [UInt8] { BigEndian.bytes(id.rawValue) }

    /// `retries` key.
    static func retry(due: UInt64, consumer: ConsumerID, sequence: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: 20)
        writer.u64(due)
        writer.u32(consumer.rawValue)
        writer.u64(sequence)
        return writer.bytes
    }

    /// Decodes a retries key into (due, consumer, sequence).
    static func decodeRetry(_ key: UnsafeRawBufferPointer) -> (due: UInt64, consumer: ConsumerID, sequence: UInt64)? {
        guard key.count == 20, let due = BigEndian.uint64(key), let consumer = BigEndian.uint32(key, at: 8),
            let sequence = BigEndian.uint64(key, at: 12)
        else { return nil }
        return (due, ConsumerID(rawValue: consumer), sequence)
    }

    /// `retry_index` key.
    static func retryIndex(consumer: ConsumerID, embedded: Bool, sequence: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: 13)
        writer.u32(consumer.rawValue)
        writer.u8(embedded ? embeddedClass : logClass)
        writer.u64(sequence)
        return writer.bytes
    }

    /// `retry_index` key prefix of one consumer and class.
    static func retryIndexPrefix(consumer: ConsumerID, embedded: Bool) -> [UInt8] {
        var writer = ByteWriter(capacity: 5)
        writer.u32(consumer.rawValue)
        writer.u8(embedded ? embeddedClass : logClass)
        return writer.bytes
    }

    /// `dead_letters` key.
    static func deadLetter(consumer: ConsumerID, sequence: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: 12)
        writer.u32(consumer.rawValue)
        writer.u64(sequence)
        return writer.bytes
    }

    /// Decodes a dead-letter key into (consumer, sequence).
    static func decodeDeadLetter(_ key: UnsafeRawBufferPointer) -> (consumer: ConsumerID, sequence: UInt64)? {
        guard key.count == 12, let consumer = BigEndian.uint32(key), let sequence = BigEndian.uint64(key, at: 4) else { return nil }
        return (ConsumerID(rawValue: consumer), sequence)
    }
}
