/// The consumer-state operations, each working inside a caller-provided write transaction.
enum ConsumerTransactions {
    /// Applies a change list to one consumer (the body of `ConsumerStore.apply`).
    static func apply(
        _ changes: [ConsumerStateChange], consumer: ConsumerID, txn: borrowing WriteTransaction, databases: StorageDatabases, now: UInt64
    ) throws(StorageError) {
        let cursorKey = ConsumerKeys.cursor(consumer)
        guard let current = try txn.get(cursorKey, in: databases.cursors), var cursor = BigEndian.uint64(current) else {
            throw .invalidArgument("unknown consumer id \(consumer)")
        }
        let originalCursor = cursor
        for change in changes {
            switch change {
            case .advanceCursor(let sequence):
                cursor = max(cursor, sequence)
            case .setCursor(let sequence):
                cursor = sequence
            case .retry(let sequence, let attempt, let dueTime), .rescheduleRetry(let sequence, let attempt, let dueTime):
                let existing = try removeRetry(txn: txn, databases: databases, consumer: consumer, sequence: sequence)
                if existing == nil, case .rescheduleRetry = change { break }
                if existing == nil, try txn.get(sequence, in: databases.events) == nil {
                    throw .invalidArgument("cannot schedule a retry of event \(sequence): it is not in the log")
                }
                let entry = RetryEntry(
                    consumer: consumer, sequence: sequence, dueTime: dueTime,
                    firstAttemptTime: existing?.firstAttemptTime ?? attempt.time,
                    attemptCount: (existing?.attemptCount ?? 0) &+ 1,
                    attemptsAtRedrive: existing?.attemptsAtRedrive ?? 0,
                    redriveCount: existing?.redriveCount ?? 0,
                    attempts: (existing?.attempts ?? []) + [attempt],
                    embeddedEvent: existing?.embeddedEvent)
                try putRetry(txn: txn, databases: databases, entry)
            case .completeRetry(let sequence):
                _ = try removeRetry(txn: txn, databases: databases, consumer: consumer, sequence: sequence)
            case .deadLetter(let sequence, let attempt, let reason):
                try deadLetter(txn: txn, databases: databases, consumer: consumer, sequence: sequence, attempt: attempt, reason: reason, now: now)
            case .journal(let record):
                try OutcomeJournal.append(record, txn: txn, databases: databases)
            case .hold(let sequence):
                guard try findRetry(txn: txn, databases: databases, consumer: consumer, sequence: sequence) == nil else { break }
                guard try txn.get(sequence, in: databases.events) != nil else {
                    throw .invalidArgument("cannot hold event \(sequence): it is not in the log")
                }
                try putRetry(txn: txn, databases: databases, RetryEntry(
                    consumer: consumer, sequence: sequence, dueTime: RetryEntry.heldDueTime, firstAttemptTime: now, attemptCount: 0,
                    attempts: []))
            case .release(let sequence, let dueTime):
                guard let existing = try removeRetry(txn: txn, databases: databases, consumer: consumer, sequence: sequence) else { break }
                try putRetry(txn: txn, databases: databases, RetryEntry(
                    consumer: consumer, sequence: sequence, dueTime: min(dueTime, RetryEntry.heldDueTime - 1),
                    firstAttemptTime: existing.firstAttemptTime, attemptCount: existing.attemptCount,
                    attemptsAtRedrive: existing.attemptsAtRedrive, redriveCount: existing.redriveCount, attempts: existing.attempts,
                    embeddedEvent: existing.embeddedEvent))
            }
        }
        if cursor != originalCursor {
            try txn.put(BigEndian.bytes(cursor), forKey: cursorKey, in: databases.cursors)
        }
    }

    /// Moves (consumer, sequence) to the DLQ from the retry queue or, if absent there, from the log.
    static func deadLetter(
        txn: borrowing WriteTransaction, databases: StorageDatabases, consumer: ConsumerID, sequence: UInt64,
        attempt: FailureAttempt?, reason: DeadLetterReason, now: UInt64
    ) throws(StorageError) {
        let existing = try removeRetry(txn: txn, databases: databases, consumer: consumer, sequence: sequence)
        let event: LogRecord
        if let embedded = existing?.embeddedEvent {
            event = embedded
        } else if let stored = try txn.get(sequence, in: databases.events) {
            event = try withBytes(stored) { (buffer) throws(StorageError) -> LogRecord in
                try LogRecordFormat.decode(sequence: sequence, value: buffer)
            }
        } else {
            throw .invalidArgument("event \(sequence) is neither in the retry queue of consumer \(consumer) nor in the log")
        }
        // An event dead-lettered again (e.g. after a cursor rewind) keeps its earlier history.
        let key = ConsumerKeys.deadLetter(consumer: consumer, sequence: sequence)
        let previous = try txn.get(key, in: databases.deadLetters).map { (value) throws(StorageError) -> DeadLetterEntry in
            try withBytes(value) { (buffer) throws(StorageError) -> DeadLetterEntry in
                try ConsumerRecordCodec.decodeDeadLetter(buffer, consumer: consumer, sequence: sequence)
            }
        }
        var attempts = (previous?.attempts ?? []) + (existing?.attempts ?? [])
        if let attempt { attempts.append(attempt) }
        let firstAttempt = [previous?.firstAttemptTime, existing?.firstAttemptTime, attempt?.time].compactMap { $0 }.min() ?? now
        let entry = DeadLetterEntry(
            consumer: consumer, sequence: sequence, event: event, reason: reason, deadLetteredAt: now,
            firstAttemptTime: firstAttempt,
            attemptCount: (previous?.attemptCount ?? 0) &+ (existing?.attemptCount ?? 0) &+ (attempt == nil ? 0 : 1),
            redriveCount: max(previous?.redriveCount ?? 0, existing?.redriveCount ?? 0), attempts: attempts)
        try txn.put(ConsumerRecordCodec.encodeDeadLetter(entry), forKey: key, in: databases.deadLetters)
    }

    /// Finds the retry entry of (consumer, sequence): its index key and due time.
    static func findRetry(
        txn: borrowing WriteTransaction, databases: StorageDatabases, consumer: ConsumerID, sequence: UInt64
    ) throws(StorageError) -> (indexKey: [UInt8], dueTime: UInt64)? {
        for embedded in [false, true] {
            let indexKey = ConsumerKeys.retryIndex(consumer: consumer, embedded: embedded, sequence: sequence)
            if let value = try txn.get(indexKey, in: databases.retryIndex) {
                guard let due = BigEndian.uint64(value) else {
                    throw .corruptRecord(database: "retry_index", key: "\(consumer)/\(sequence)", reason: "value is not a u64 due time")
                }
                return (indexKey, due)
            }
        }
        return nil
    }

    /// Removes and returns the retry entry of (consumer, sequence), if any.
    static func removeRetry(
        txn: borrowing WriteTransaction, databases: StorageDatabases, consumer: ConsumerID, sequence: UInt64
    ) throws(StorageError) -> RetryEntry? {
        guard let (indexKey, due) = try findRetry(txn: txn, databases: databases, consumer: consumer, sequence: sequence) else {
            return nil
        }
        let retryKey = ConsumerKeys.retry(due: due, consumer: consumer, sequence: sequence)
        guard let value = try txn.get(retryKey, in: databases.retries) else {
            throw .corruptRecord(database: "retry_index", key: "\(consumer)/\(sequence)", reason: "points at a missing retry entry")
        }
        let entry = try withBytes(value) { (buffer) throws(StorageError) -> RetryEntry in
            try ConsumerRecordCodec.decodeRetry(buffer, consumer: consumer, sequence: sequence, dueTime: due)
        }
        try txn.delete(retryKey, in: databases.retries)
        try txn.delete(indexKey, in: databases.retryIndex)
        return entry
    }

    /// Stores a retry entry and its index entry.
    static func putRetry(txn: borrowing WriteTransaction, databases: StorageDatabases, _ entry: RetryEntry) throws(StorageError) {
        try txn.put(
            ConsumerRecordCodec.encodeRetry(entry),
            forKey: ConsumerKeys.retry(due: entry.dueTime, consumer: entry.consumer, sequence: entry.sequence), in: databases.retries)
        try txn.put(
            BigEndian.bytes(entry.dueTime),
            forKey: ConsumerKeys.retryIndex(consumer: entry.consumer, embedded: entry.embeddedEvent != nil, sequence: entry.sequence),
            in: databases.retryIndex)
    }

    /// Sequences of every retry entry of `consumer` (both index classes).
    static func indexedSequences(
        txn: borrowing WriteTransaction, databases: StorageDatabases, consumer: ConsumerID
    ) throws(StorageError) -> [UInt64] {
        var sequences: [UInt64] = []
        for embedded in [false, true] {
            let prefix = ConsumerKeys.retryIndexPrefix(consumer: consumer, embedded: embedded)
            try txn.withCursor(on: databases.retryIndex) { (cursor) throws(StorageError) in
                var entry = try cursor.seek(atOrAfter: prefix)
                while let current = entry, current.key.starts(with: prefix) {
                    if let sequence = BigEndian.uint64(current.key, at: 5) { sequences.append(sequence) }
                    entry = try cursor.next()
                }
            }
        }
        return sequences
    }

    /// Sequences of `consumer`'s dead-letter entries matching `selection`, at most `limit`.
    static func deadLetterSequences(
        txn: borrowing WriteTransaction, databases: StorageDatabases, consumer: ConsumerID, selection: DeadLetterSelection, limit: Int
    ) throws(StorageError) -> [UInt64] {
        switch selection {
        case .sequences(let wanted):
            var found: [UInt64] = []
            for sequence in wanted where found.count < limit {
                if try txn.get(ConsumerKeys.deadLetter(consumer: consumer, sequence: sequence), in: databases.deadLetters) != nil {
                    found.append(sequence)
                }
            }
            return found
        case .all, .range:
            let range: ClosedRange<UInt64> = if case .range(let range) = selection { range } else { 0...UInt64.max }
            return try txn.withCursor(on: databases.deadLetters) { (cursor) throws(StorageError) -> [UInt64] in
                var found: [UInt64] = []
                var entry = try cursor.seek(atOrAfter: ConsumerKeys.deadLetter(consumer: consumer, sequence: range.lowerBound))
                while let current = entry, found.count < limit, let key = ConsumerKeys.decodeDeadLetter(current.key),
                    key.consumer == consumer, key.sequence <= range.upperBound
                {
                    found.append(key.sequence)
                    entry = try cursor.next()
                }
                return found
            }
        }
    }

    /// Deletes the selected dead-letter entries; returns how many.
    @discardableResult
    static func deleteDeadLetters(
        txn: borrowing WriteTransaction, databases: StorageDatabases, consumer: ConsumerID, selection: DeadLetterSelection, limit: Int
    ) throws(StorageError) -> Int {
        let sequences = try deadLetterSequences(txn: txn, databases: databases, consumer: consumer, selection: selection, limit: limit)
        for sequence in sequences {
            try txn.delete(ConsumerKeys.deadLetter(consumer: consumer, sequence: sequence), in: databases.deadLetters)
        }
        return sequences.count
    }

    /// Moves the selected dead-letter entries into the retry queue with an embedded event copy.
    static func redrive(
        txn: borrowing WriteTransaction, databases: StorageDatabases, consumer: ConsumerID, selection: DeadLetterSelection,
        dueTime: UInt64, limit: Int
    ) throws(StorageError) -> Int {
        let sequences = try deadLetterSequences(txn: txn, databases: databases, consumer: consumer, selection: selection, limit: limit)
        for sequence in sequences {
            let key = ConsumerKeys.deadLetter(consumer: consumer, sequence: sequence)
            guard let value = try txn.get(key, in: databases.deadLetters) else { continue }
            let dead = try withBytes(value) { (buffer) throws(StorageError) -> DeadLetterEntry in
                try ConsumerRecordCodec.decodeDeadLetter(buffer, consumer: consumer, sequence: sequence)
            }
            _ = try removeRetry(txn: txn, databases: databases, consumer: consumer, sequence: sequence)
            let entry = RetryEntry(
                consumer: consumer, sequence: sequence, dueTime: dueTime, firstAttemptTime: dead.firstAttemptTime,
                attemptCount: dead.attemptCount, attemptsAtRedrive: dead.attemptCount, redriveCount: dead.redriveCount &+ 1,
                attempts: dead.attempts, embeddedEvent: dead.event)
            try putRetry(txn: txn, databases: databases, entry)
            try txn.delete(key, in: databases.deadLetters)
        }
        return sequences.count
    }
}
