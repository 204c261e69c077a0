extension EventLog {
    /// The oldest stored sequence, or `nil` when the log is empty.
    public func firstSequence() throws(StorageError) -> UInt64? {
        try environment.read { (txn) throws(StorageError) -> UInt64? in
            try txn.withCursor(on: events) { (cursor) throws(StorageError) -> UInt64? in try cursor.first()?.uint64Key }
        }
    }

    /// The newest stored sequence, or `nil` when the log is empty (read from disk, unlike `lastSequence`).
    public func lastStoredSequence() throws(StorageError) -> UInt64? {
        try environment.read { (txn) throws(StorageError) -> UInt64? in
            try txn.withCursor(on: events) { (cursor) throws(StorageError) -> UInt64? in try cursor.last()?.uint64Key }
        }
    }

    /// Number of records currently stored (O(1)).
    public func count() throws(StorageError) -> Int {
        try environment.read { (txn) throws(StorageError) -> Int in try txn.count(of: events) }
    }

    /// The record with sequence `sequence`, or `nil` if it does not exist (never written, or compacted).
    public func record(at sequence: UInt64) throws(StorageError) -> LogRecord? {
        try environment.read { (txn) throws(StorageError) -> LogRecord? in
            try txn.withCursor(on: events) { (cursor) throws(StorageError) -> LogRecord? in
                guard let entry = try cursor.seek(atOrAfter: sequence), entry.uint64Key == sequence else { return nil }
                return try LogRecordFormat.decode(sequence: sequence, value: entry.value)
            }
        }
    }

    /// Reads records in sequence order, starting at the first stored sequence `>= sequence`.
    ///
    /// Stops after `limit` records or once the payloads read reach `maxBytes` (at least one record is
    /// returned if any exists, however large).
    /// - Parameters:
    ///   - sequence: Where to start (use a consumer's cursor).
    ///   - limit: Maximum number of records.
    ///   - maxBytes: Soft cap on the total payload bytes.
    public func read(from sequence: UInt64, limit: Int, maxBytes: Int = .max) throws(StorageError) -> [LogRecord] {
        try read(from: sequence, limit: limit, maxBytes: maxBytes) { sequence, ingestTime, payload in
            LogRecord(sequence: sequence, ingestTime: ingestTime, payload: Array(payload))
        }
    }

    /// Reads records like ``read(from:limit:maxBytes:)``, handing each to `visit` without copying its payload;
    /// returns what `visit` made of them.
    ///
    /// `payload` points into the memory map and is valid only during the call (copy what must outlive it). This is
    /// the read for consumers that usually need nothing of a record they have seen before (a fan-out's workers
    /// decode each event once between them).
    public func read<T>(
        from sequence: UInt64, limit: Int, maxBytes: Int = .max,
        visit: (_ sequence: UInt64, _ ingestTime: UInt64, _ payload: UnsafeRawBufferPointer) -> T
    ) throws(StorageError) -> [T] {
        guard limit > 0 else { return [] }
        return try environment.read { (txn) throws(StorageError) -> [T] in
            try txn.withCursor(on: events) { (cursor) throws(StorageError) -> [T] in
                var visited: [T] = []
                visited.reserveCapacity(min(limit, 256))
                var bytes = 0
                var entry = try cursor.seek(atOrAfter: sequence)
                while let current = entry, visited.count < limit, bytes < maxBytes {
                    guard let key = current.uint64Key else {
                        throw .corruptRecord(database: "events", key: "\(Array(current.key))", reason: "key is not 8 bytes")
                    }
                    let time = try LogRecordFormat.ingestTime(of: current.value, sequence: key)
                    let payload = UnsafeRawBufferPointer(rebasing: current.value[LogRecordFormat.headerSize...])
                    bytes += payload.count
                    visited.append(visit(key, time, payload))
                    entry = try cursor.next()
                }
                return visited
            }
        }
    }

    /// The first stored sequence whose ingest time is `>= time` (milliseconds since the epoch), or `nil`
    /// if every stored record is older. O(log² n): a binary search over sequences, each probe a B-tree seek.
    public func firstSequence(atOrAfterIngestTime time: UInt64) throws(StorageError) -> UInt64? {
        try environment.read { (txn) throws(StorageError) -> UInt64? in
            try txn.withCursor(on: events) { (cursor) throws(StorageError) -> UInt64? in
                guard let firstEntry = try cursor.first(), let first = firstEntry.uint64Key,
                    let lastEntry = try cursor.last(), let last = lastEntry.uint64Key
                else { return nil }
                if try LogRecordFormat.ingestTime(of: firstEntry.value, sequence: first) >= time { return first }
                if try LogRecordFormat.ingestTime(of: lastEntry.value, sequence: last) < time { return nil }
                // Invariants: `low` and `best` are stored keys with time(low) < time <= time(best); no stored
                // key in [limit, best) exists; the answer is `best` or a stored key in (low, limit).
                var low = first
                var best = last
                var limit = last
                while low + 1 < limit {
                    let middle = low + (limit - low) / 2
                    guard let probe = try cursor.seek(atOrAfter: middle), let probeSequence = probe.uint64Key,
                        probeSequence < limit
                    else {
                        limit = middle
                        continue
                    }
                    if try LogRecordFormat.ingestTime(of: probe.value, sequence: probeSequence) >= time {
                        best = probeSequence
                        limit = probeSequence
                    } else {
                        low = probeSequence
                    }
                }
                return best
            }
        }
    }
}
