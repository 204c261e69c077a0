extension ConsumerStore {
    /// The consumer registered under `name`, with its cursor, or `nil`.
    public func info(named name: String) throws(StorageError) -> ConsumerInfo? {
        let nameKey = try Self.nameKey(name)
        let databases = databases
        return try environment.read { (txn) throws(StorageError) -> ConsumerInfo? in
            guard let raw = try txn.get(nameKey, in: databases.consumers), let id = BigEndian.uint32(raw) else { return nil }
            let consumer = ConsumerID(rawValue: id)
            guard let cursor = try txn.get(ConsumerKeys.cursor(consumer), in: databases.cursors).flatMap({ BigEndian.uint64($0) }) else {
                throw .corruptRecord(database: "cursors", key: "\(consumer)", reason: "registered consumer \(name) has no cursor")
            }
            return ConsumerInfo(name: name, id: consumer, cursor: cursor)
        }
    }

    /// Every registered consumer, ordered by id.
    public func all() throws(StorageError) -> [ConsumerInfo] {
        let databases = databases
        return try environment.read { (txn) throws(StorageError) -> [ConsumerInfo] in
            var result: [ConsumerInfo] = []
            try txn.withCursor(on: databases.consumers) { (cursor) throws(StorageError) in
                var entry = try cursor.seek(atOrAfter: [UInt8(ascii: "i")])
                while let current = entry, current.key.count == 5, current.key[0] == UInt8(ascii: "i"),
                    let raw = BigEndian.uint32(current.key, at: 1)
                {
                    let id = ConsumerID(rawValue: raw)
                    let name = String(decoding: current.value, as: UTF8.self)
                    let cursorValue = try txn.get(ConsumerKeys.cursor(id), in: databases.cursors).flatMap { BigEndian.uint64($0) }
                    result.append(ConsumerInfo(name: name, id: id, cursor: cursorValue ?? 0))
                    entry = try cursor.next()
                }
            }
            return result
        }
    }

    /// The durable cursor (next sequence to consider) of `consumer`, or `nil` if unknown.
    public func cursor(of consumer: ConsumerID) throws(StorageError) -> UInt64? {
        let cursors = databases.cursors
        return try environment.read { (txn) throws(StorageError) -> UInt64? in
            try txn.get(ConsumerKeys.cursor(consumer), in: cursors).flatMap { BigEndian.uint64($0) }
        }
    }

    /// The smallest cursor over all consumers, or `nil` when there are none.
    public func lowestCursor() throws(StorageError) -> UInt64? {
        let cursors = databases.cursors
        return try environment.read { (txn) throws(StorageError) -> UInt64? in
            try txn.withCursor(on: cursors) { (cursor) throws(StorageError) -> UInt64? in
                var lowest: UInt64?
                var entry = try cursor.first()
                while let current = entry {
                    if let value = BigEndian.uint64(current.value) { lowest = min(lowest ?? value, value) }
                    entry = try cursor.next()
                }
                return lowest
            }
        }
    }

    /// The smallest sequence still referenced from the log by any retry entry (entries redriven from the
    /// DLQ carry their own copy and do not count), or `nil`. The compactor keeps everything from here on.
    public func lowestRetrySequence() throws(StorageError) -> UInt64? {
        let retryIndex = databases.retryIndex
        return try environment.read { (txn) throws(StorageError) -> UInt64? in
            try txn.withCursor(on: retryIndex) { (cursor) throws(StorageError) -> UInt64? in
                var lowest: UInt64?
                var consumer: UInt32 = 0
                while true {
                    // Index keys: u32 consumer + u8 class + u64 sequence; class 0 sorts first per consumer.
                    guard let entry = try cursor.seek(atOrAfter: BigEndian.bytes(consumer) + [ConsumerKeys.logClass]),
                        let found = BigEndian.uint32(entry.key)
                    else { break }
                    if entry.key.count == 13, entry.key[4] == ConsumerKeys.logClass, let sequence = BigEndian.uint64(entry.key, at: 5) {
                        lowest = min(lowest ?? sequence, sequence)
                    }
                    guard found < UInt32.max else { break }
                    consumer = found + 1
                }
                return lowest
            }
        }
    }

    /// The retry entry of (consumer, sequence), or `nil`.
    public func retry(_ consumer: ConsumerID, sequence: UInt64) throws(StorageError) -> RetryEntry? {
        let databases = databases
        return try environment.read { (txn) throws(StorageError) -> RetryEntry? in
            for embedded in [false, true] {
                let indexKey = ConsumerKeys.retryIndex(consumer: consumer, embedded: embedded, sequence: sequence)
                guard let dueBytes = try txn.get(indexKey, in: databases.retryIndex), let due = BigEndian.uint64(dueBytes) else { continue }
                guard let value = try txn.get(ConsumerKeys.retry(due: due, consumer: consumer, sequence: sequence), in: databases.retries) else {
                    throw .corruptRecord(database: "retry_index", key: "\(consumer)/\(sequence)", reason: "points at a missing retry entry")
                }
                return try withBytes(value) { (buffer) throws(StorageError) -> RetryEntry in
                    try ConsumerRecordCodec.decodeRetry(buffer, consumer: consumer, sequence: sequence, dueTime: due)
                }
            }
            return nil
        }
    }

    /// Retry entries due at or before `time`, earliest first, optionally only `consumer`'s, at most `limit`.
    /// A cheap range read from the start of the due-time-ordered `retries` table.
    public func dueRetries(dueBy time: UInt64, consumer: ConsumerID? = nil, limit: Int) throws(StorageError) -> [RetryEntry] {
        try retries(dueBy: time, consumer: consumer, limit: limit)
    }

    /// The earliest due time in the whole retry queue, or `nil` when nothing is scheduled (held entries are never due).
    public func nextRetryDueTime() throws(StorageError) -> UInt64? {
        let retries = databases.retries
        let due = try environment.read { (txn) throws(StorageError) -> UInt64? in
            try txn.withCursor(on: retries) { (cursor) throws(StorageError) -> UInt64? in
                try cursor.first().flatMap { ConsumerKeys.decodeRetry($0.key)?.due }
            }
        }
        return due == RetryEntry.heldDueTime ? nil : due
    }

    /// The retry entries of `consumer` with a sequence at or after `first`, as (sequence, due time), ascending by
    /// sequence within each index class (entries referencing the log first, then those carrying their own copy of
    /// the event). Walks the index only, from `first` on.
    public func retryIndex(of consumer: ConsumerID, atOrAfter first: UInt64 = 0) throws(StorageError) -> [(sequence: UInt64, dueTime: UInt64)] {
        let retryIndex = databases.retryIndex
        return try environment.read { (txn) throws(StorageError) -> [(sequence: UInt64, dueTime: UInt64)] in
            try txn.withCursor(on: retryIndex) { (cursor) throws(StorageError) -> [(sequence: UInt64, dueTime: UInt64)] in
                var found: [(sequence: UInt64, dueTime: UInt64)] = []
                for embedded in [false, true] {
                    let prefix = ConsumerKeys.retryIndexPrefix(consumer: consumer, embedded: embedded)
                    var entry = try cursor.seek(atOrAfter: ConsumerKeys.retryIndex(consumer: consumer, embedded: embedded, sequence: first))
                    while let current = entry, current.key.starts(with: prefix) {
                        if let sequence = BigEndian.uint64(current.key, at: 5), let due = BigEndian.uint64(current.value) {
                            found.append((sequence, due))
                        }
                        entry = try cursor.next()
                    }
                }
                return found
            }
        }
    }

    /// Size and earliest due time of `consumer`'s retry queue (walks its index entries).
    public func retryStats(_ consumer: ConsumerID) throws(StorageError) -> RetryQueueStats {
        let retryIndex = databases.retryIndex
        return try environment.read { (txn) throws(StorageError) -> RetryQueueStats in
            try txn.withCursor(on: retryIndex) { (cursor) throws(StorageError) -> RetryQueueStats in
                var count = 0
                var held = 0
                var next: UInt64?
                let prefix = BigEndian.bytes(consumer.rawValue)
                var entry = try cursor.seek(atOrAfter: prefix)
                while let current = entry, current.key.starts(with: prefix) {
                    count += 1
                    if let due = BigEndian.uint64(current.value) {
                        if due == RetryEntry.heldDueTime { held += 1 } else { next = min(next ?? due, due) }
                    }
                    entry = try cursor.next()
                }
                return RetryQueueStats(count: count, nextDueTime: next, held: held)
            }
        }
    }
}
