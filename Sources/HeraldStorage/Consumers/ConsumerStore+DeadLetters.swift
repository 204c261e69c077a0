extension ConsumerStore {
    /// Reads due retry entries (see `dueRetries`).
    func retries(dueBy time: UInt64, consumer: ConsumerID?, limit: Int) throws(StorageError) -> [RetryEntry] {
        guard limit > 0 else { return [] }
        let retries = databases.retries
        return try environment.read { (txn) throws(StorageError) -> [RetryEntry] in
            try txn.withCursor(on: retries) { (cursor) throws(StorageError) -> [RetryEntry] in
                var result: [RetryEntry] = []
                var entry = try cursor.first()
                while let current = entry, result.count < limit {
                    guard let key = ConsumerKeys.decodeRetry(current.key) else {
                        throw .corruptRecord(database: "retries", key: "\(Array(current.key))", reason: "key is not 20 bytes")
                    }
                    if key.due > time { break }
                    if consumer == nil || consumer == key.consumer {
                        result.append(
                            try ConsumerRecordCodec.decodeRetry(current.value, consumer: key.consumer, sequence: key.sequence, dueTime: key.due))
                    }
                    entry = try cursor.next()
                }
                return result
            }
        }
    }

    /// `consumer`'s dead-letter entries in sequence order, after `after` (exclusive, for paging), at most `limit`.
    public func deadLetters(_ consumer: ConsumerID, after: UInt64? = nil, limit: Int = 100) throws(StorageError) -> [DeadLetterEntry] {
        guard limit > 0 else { return [] }
        let deadLetters = databases.deadLetters
        let start: UInt64
        if let after {
            guard after < UInt64.max else { return [] }
            start = after + 1
        } else {
            start = 0
        }
        return try environment.read { (txn) throws(StorageError) -> [DeadLetterEntry] in
            try txn.withCursor(on: deadLetters) { (cursor) throws(StorageError) -> [DeadLetterEntry] in
                var result: [DeadLetterEntry] = []
                var entry = try cursor.seek(atOrAfter: ConsumerKeys.deadLetter(consumer: consumer, sequence: start))
                while let current = entry, result.count < limit, let key = ConsumerKeys.decodeDeadLetter(current.key), key.consumer == consumer {
                    result.append(try ConsumerRecordCodec.decodeDeadLetter(current.value, consumer: consumer, sequence: key.sequence))
                    entry = try cursor.next()
                }
                return result
            }
        }
    }

    /// The dead-letter entry of (consumer, sequence), or `nil`.
    public func deadLetter(_ consumer: ConsumerID, sequence: UInt64) throws(StorageError) -> DeadLetterEntry? {
        let deadLetters = databases.deadLetters
        return try environment.read { (txn) throws(StorageError) -> DeadLetterEntry? in
            guard let value = try txn.get(ConsumerKeys.deadLetter(consumer: consumer, sequence: sequence), in: deadLetters) else { return nil }
            return try withBytes(value) { (buffer) throws(StorageError) -> DeadLetterEntry in
                try ConsumerRecordCodec.decodeDeadLetter(buffer, consumer: consumer, sequence: sequence)
            }
        }
    }

    /// Number of `consumer`'s dead-letter entries (walks their keys without decoding values).
    public func deadLetterCount(_ consumer: ConsumerID) throws(StorageError) -> Int {
        let deadLetters = databases.deadLetters
        return try environment.read { (txn) throws(StorageError) -> Int in
            try txn.withCursor(on: deadLetters) { (cursor) throws(StorageError) -> Int in
                var count = 0
                let prefix = BigEndian.bytes(consumer.rawValue)
                var entry = try cursor.seek(atOrAfter: prefix)
                while let current = entry, current.key.starts(with: prefix) {
                    count += 1
                    entry = try cursor.next()
                }
                return count
            }
        }
    }
}
