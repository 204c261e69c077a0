/// The binary codecs of retry and dead-letter values (layouts in `Docs/storage.md`, all integers big-endian).
enum ConsumerRecordCodec {
    /// The value format version of retry and dead-letter records.
    static let version: UInt8 = 1

    /// Appends one failure attempt.
    static func encode(_ attempt: FailureAttempt, into writer: inout ByteWriter) {
        writer.u64(attempt.time)
        writer.u16(attempt.statusCode ?? 0)
        writer.u32(attempt.latencyMicroseconds)
        writer.shortBytes(attempt.error.utf8, limit: FailureAttempt.maxErrorBytes)
        writer.shortBytes(attempt.responseExcerpt, limit: FailureAttempt.maxExcerptBytes)
    }

    /// Reads one failure attempt.
    static func decodeAttempt(_ reader: inout ByteReader) throws(StorageError) -> FailureAttempt {
        let time = try reader.u64()
        let status = try reader.u16()
        let latency = try reader.u32()
        let error = try reader.shortString()
        let excerpt = try reader.shortBytes()
        return FailureAttempt(
            time: time, statusCode: status == 0 ? nil : status, error: error, latencyMicroseconds: latency, responseExcerpt: excerpt)
    }

    /// Reads a u32 count and that many failure attempts.
    static func decodeAttempts(_ reader: inout ByteReader) throws(StorageError) -> [FailureAttempt] {
        let count = Int(try reader.u32())
        guard count <= reader.bytes.count else { throw reader.corrupt("attempt count \(count) exceeds the value size") }
        var attempts: [FailureAttempt] = []
        attempts.reserveCapacity(count)
        for _ in 0..<count { attempts.append(try decodeAttempt(&reader)) }
        return attempts
    }

    /// Reads and checks the version byte; returns the flags byte.
    static func checkVersion(_ reader: inout ByteReader) throws(StorageError) -> UInt8 {
        let found = try reader.u8()
        guard found == version else { throw reader.corrupt("unknown value format version \(found)") }
        return try reader.u8()
    }

    /// Retry value: version, flags (bit 0 = embedded event), firstAttemptTime, attemptCount, attemptsAtRedrive,
    /// redriveCount, attempts, [embedded event: ingestTime u64, payload u32-length-prefixed].
    static func encodeRetry(_ entry: RetryEntry) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + entry.attempts.count * 48 + (entry.embeddedEvent?.payload.count ?? 0))
        writer.u8(version)
        writer.u8(entry.embeddedEvent == nil ? 0 : 1)
        writer.u64(entry.firstAttemptTime)
        writer.u32(entry.attemptCount)
        writer.u32(entry.attemptsAtRedrive)
        writer.u32(entry.redriveCount)
        writer.u32(UInt32(entry.attempts.count))
        for attempt in entry.attempts { encode(attempt, into: &writer) }
        if let event = entry.embeddedEvent {
            writer.u64(event.ingestTime)
            writer.longBytes(event.payload)
        }
        return writer.bytes
    }

    /// Decodes a retry value; the key supplies consumer, sequence and due time.
    static func decodeRetry(
        _ value: UnsafeRawBufferPointer, consumer: ConsumerID, sequence: UInt64, dueTime: UInt64
    ) throws(StorageError) -> RetryEntry {
        var reader = ByteReader(value, database: "retries", key: "\(dueTime)/\(consumer)/\(sequence)")
        let flags = try checkVersion(&reader)
        let firstAttemptTime = try reader.u64()
        let attemptCount = try reader.u32()
        let attemptsAtRedrive = try reader.u32()
        let redriveCount = try reader.u32()
        let attempts = try decodeAttempts(&reader)
        var embedded: LogRecord?
        if flags & 1 != 0 {
            let ingestTime = try reader.u64()
            embedded = LogRecord(sequence: sequence, ingestTime: ingestTime, payload: try reader.longBytes())
        }
        return RetryEntry(
            consumer: consumer, sequence: sequence, dueTime: dueTime, firstAttemptTime: firstAttemptTime,
            attemptCount: attemptCount, attemptsAtRedrive: attemptsAtRedrive, redriveCount: redriveCount,
            attempts: attempts, embeddedEvent: embedded)
    }

    /// Dead-letter value: version, flags (0), deadLetteredAt, firstAttemptTime, attemptCount, redriveCount,
    /// reason (u16-length-prefixed UTF-8), attempts, event ingestTime u64, event payload (u32-length-prefixed).
    static func encodeDeadLetter(_ entry: DeadLetterEntry) -> [UInt8] {
        var writer = ByteWriter(capacity: 80 + entry.attempts.count * 48 + entry.event.payload.count)
        writer.u8(version)
        writer.u8(0)
        writer.u64(entry.deadLetteredAt)
        writer.u64(entry.firstAttemptTime)
        writer.u32(entry.attemptCount)
        writer.u32(entry.redriveCount)
        writer.shortBytes(entry.reason.rawValue.utf8, limit: 1024)
        writer.u32(UInt32(entry.attempts.count))
        for attempt in entry.attempts { encode(attempt, into: &writer) }
        writer.u64(entry.event.ingestTime)
        writer.longBytes(entry.event.payload)
        return writer.bytes
    }

    /// Decodes a dead-letter value; the key supplies consumer and sequence.
    static func decodeDeadLetter(
        _ value: UnsafeRawBufferPointer, consumer: ConsumerID, sequence: UInt64
    ) throws(StorageError) -> DeadLetterEntry {
        var reader = ByteReader(value, database: "dead_letters", key: "\(consumer)/\(sequence)")
        _ = try checkVersion(&reader)
        let deadLetteredAt = try reader.u64()
        let firstAttemptTime = try reader.u64()
        let attemptCount = try reader.u32()
        let redriveCount = try reader.u32()
        let reason = DeadLetterReason(rawValue: try reader.shortString())
        let attempts = try decodeAttempts(&reader)
        let ingestTime = try reader.u64()
        let payload = try reader.longBytes()
        return DeadLetterEntry(
            consumer: consumer, sequence: sequence, event: LogRecord(sequence: sequence, ingestTime: ingestTime, payload: payload),
            reason: reason, deadLetteredAt: deadLetteredAt, firstAttemptTime: firstAttemptTime, attemptCount: attemptCount,
            redriveCount: redriveCount, attempts: attempts)
    }
}
