import HeraldStorage
import Testing

@Suite("Record codecs and bad data")
struct CodecTests {
    @Test("failure history round-trips; long error text and excerpts are truncated, not rejected")
    func historyRoundTrip() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        _ = try await store.log.append(payload(1))
        let id = try await store.consumers.register("t", initialCursor: 1).id
        let long = FailureAttempt(
            time: 42, statusCode: nil, error: String(repeating: "é", count: 2000), latencyMicroseconds: .max,
            responseExcerpt: [UInt8](repeating: 7, count: 5000))
        try await store.consumers.apply([.retry(sequence: 1, attempt: long, dueTime: 1)], for: id)
        let entry = try #require(try store.consumers.retry(id, sequence: 1))
        let stored = try #require(entry.attempts.first)
        #expect(stored.time == 42)
        #expect(stored.statusCode == nil)
        #expect(stored.latencyMicroseconds == .max)
        #expect(stored.error.utf8.count <= FailureAttempt.maxErrorBytes)
        #expect(stored.error.hasPrefix("éé"))
        #expect(stored.responseExcerpt == [UInt8](repeating: 7, count: FailureAttempt.maxExcerptBytes))
        let final = FailureAttempt(time: 43, statusCode: 404)
        try await store.consumers.apply([.deadLetter(sequence: 1, attempt: final, reason: DeadLetterReason(rawValue: "Custom"))], for: id)
        let dead = try #require(try store.consumers.deadLetter(id, sequence: 1))
        #expect(dead.reason.rawValue == "Custom")
        #expect(dead.attempts.map(\.statusCode) == [nil, 404])
    }

    @Test("a corrupt log record is reported as a typed error, not a crash")
    func corruptRecord() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        _ = try await store.log.append(payload(1))
        try Self.writeGarbage(store)
        #expect(throws: StorageError.corruptRecord(database: "events", key: "2", reason: "value shorter than the header (3 bytes)")) {
            try store.log.read(from: 1, limit: 10)
        }
        #expect(try store.log.record(at: 1)?.payload == payload(1))
    }

    /// Synchronous on purpose: raw transactions are `noasync`.
    static func writeGarbage(_ store: HeraldStore) throws {
        let events = store.databases.events
        try store.environment.write { (txn) throws(StorageError) in
            try txn.put([9, 0, 1], forKey: UInt64(2), in: events, append: true)
        }
    }

    @Test("MDB_APPEND out of order is a typed LMDB error carrying the code and the operation")
    func appendOutOfOrder() throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let meta = store.databases.meta
        do {
            try store.environment.write { (txn) throws(StorageError) in
                try txn.put([1], forKey: UInt64(10), in: meta, append: true)
                try txn.put([1], forKey: UInt64(5), in: meta, append: true)
            }
            Issue.record("expected an error")
        } catch {
            guard case .lmdb(let lmdb) = error else {
                Issue.record("expected .lmdb, got \(error)")
                return
            }
            #expect(lmdb.code == -30799)  // MDB_KEYEXIST
            #expect(lmdb.operation == "mdb_put meta")
        }
    }

    @Test("after a full map, compaction frees pages and appends succeed again in the same process")
    func mapFullRecoversAfterCompaction() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path, configuration: StorageConfiguration(environment: .init(mapSize: 2 << 20)))
        defer { store.close() }
        var appended = 0
        while appended < 100_000 {
            do {
                _ = try await store.log.append(batch: Array(repeating: payload(appended, size: 1024), count: 10))
                appended += 10
            } catch {
                #expect(error.isRetryable)
                break
            }
        }
        #expect(appended > 100)
        var deleted = 0
        for _ in 0..<1000 {
            let result = try await store.compactor.compact(maxEntries: 100, retentionFloor: UInt64(appended))
            deleted += result.deleted
            if !result.hasMore { break }
        }
        #expect(deleted == appended - 1)
        // Freed pages become reusable once the deleting transaction is older than every reader.
        for index in 0..<20 { _ = try await store.log.append(payload(index, size: 1024)) }
        #expect(store.log.lastSequence == UInt64(appended + 20))
    }
}
