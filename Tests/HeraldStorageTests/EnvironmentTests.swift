import HeraldStorage
import Testing

@Suite("LMDB environment and format")
struct EnvironmentTests {
    @Test("a directory with a newer format version is refused, naming both versions")
    func newerFormatRefused() throws {
        let directory = TemporaryDirectory()
        do {
            let store = try HeraldStore(directory: directory.path)
            try store.environment.write { (txn) throws(StorageError) in
                try txn.put(BigEndian.bytes(UInt32(7)), forKey: Array(HeraldStore.formatVersionKey.utf8), in: store.databases.meta)
            }
            store.close()
        }
        #expect(throws: StorageError.unsupportedFormatVersion(found: 7, supported: HeraldStore.formatVersion)) {
            _ = try HeraldStore(directory: directory.path)
        }
    }

    @Test("a fresh directory records the current format version and lays out DIR/lmdb/data.mdb")
    func formatVersionRecorded() throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let stored = try store.environment.read { (txn) throws(StorageError) -> [UInt8]? in
            try txn.get(Array(HeraldStore.formatVersionKey.utf8), in: store.databases.meta)
        }
        #expect(stored == BigEndian.bytes(HeraldStore.formatVersion))
        #expect(try store.environment.dataFileSize() > 0)
        #expect(store.environment.path == directory.path + "/lmdb")
    }

    @Test("usage reports map size, used bytes and log entries")
    func usage() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path, configuration: StorageConfiguration(environment: .init(mapSize: 64 << 20)))
        defer { store.close() }
        let before = try store.usage()
        for index in 0..<100 { _ = try await store.log.append(payload(index, size: 4096)) }
        let after = try store.usage()
        #expect(after.mapSize == 64 << 20)
        #expect(after.pageSize >= 4096)
        #expect(after.logEntries == 100)
        #expect(after.usedBytes > before.usedBytes + 100 * 4096)
        #expect(after.dataFileSize >= after.usedBytes)
        #expect(after.mapFillRatio > 0 && after.mapFillRatio < 1)
    }

    @Test("1 KiB events take at most 1.4x their payload on disk")
    func diskOverhead() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let before = try store.usage().usedBytes
        let event = [UInt8](repeating: 0x5A, count: 1024)
        for _ in 0..<200 { _ = try await store.log.append(batch: Array(repeating: event, count: 50)) }
        let used = try store.usage().usedBytes - before
        let ratio = Double(used) / Double(10_000 * 1024)
        #expect(ratio <= 1.4, "10,000 x 1 KiB events used \(used) bytes (\(ratio)x)")
    }

    @Test("a write transaction that throws changes nothing")
    func writeRollsBack() throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let catalog = store.databases.catalog
        #expect(throws: StorageError.invalidArgument("stop")) {
            try store.environment.write { (txn) throws(StorageError) in
                try txn.put([1], forKey: Array("k".utf8), in: catalog)
                throw .invalidArgument("stop")
            }
        }
        #expect(try store.catalog.get("k") == nil)
    }

    @Test("big-endian keys sort numerically in a cursor")
    func bigEndianOrder() throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let db = store.databases.meta
        let values: [UInt64] = [1 << 40, 3, 256, 255, 1, 70_000]
        try store.environment.write { (txn) throws(StorageError) in
            for value in values { try txn.put([0], forKey: value, in: db) }
        }
        let order = try store.environment.read { (txn) throws(StorageError) -> [UInt64] in
            try txn.withCursor(on: db) { (cursor) throws(StorageError) -> [UInt64] in
                var keys: [UInt64] = []
                var entry = try cursor.first()
                while let current = entry {
                    if let key = current.uint64Key { keys.append(key) }
                    entry = try cursor.next()
                }
                return keys
            }
        }
        #expect(order == values.sorted())
    }

    @Test("with the map full, a request that runs out of pages fails alone: a compaction step sharing its commit still frees space",
          .timeLimit(.minutes(2)))
    func mapFullFailsOnlyTheRequestThatRanOut() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path, configuration: StorageConfiguration(environment: .init(mapSize: 1 << 20)))
        defer { store.close() }
        // Fill the map up to the reserve appends may not use.
        for index in 0..<10_000 {
            do { _ = try await store.log.append(payload(index, size: 1024)) } catch { break }
        }
        // A consumer past every event, so compaction may delete all but the newest.
        let consumer = try await store.consumers.register("worker", initialCursor: store.log.lastSequence + 1).id
        // Far more than the map holds: this change must fail with .mapFull.
        let tooBig = (0..<100).map { _ in ConsumerStateChange.journal([UInt8](repeating: 7, count: 16 * 1024)) }
        var compacted = 0
        for _ in 0..<10 {
            // The deferrable change waits (≤ 2 ms) for the next commit; the compaction step right after is that commit.
            let failing = Task { try await store.consumers.apply(tooBig, for: consumer, deferrable: true) }
            try await Task.sleep(for: .microseconds(200))
            let step = try await store.compactor.compact(maxEntries: 20)
            compacted += step.deleted
            let outcome = await failing.result
            guard case .failure(StorageError.mapFull) = outcome.mapError({ $0 as? StorageError ?? .closed }) else {
                Issue.record("expected .mapFull for the oversized change, got \(outcome)")
                continue
            }
        }
        #expect(compacted > 0, "compaction freed nothing beside the failing change")
        #expect(try store.journal.count() == 0, "nothing of the failing changes was kept")
    }

    @Test("a full map gives a typed retryable error, loses nothing, and the store stays usable")
    func mapFull() async throws {
        let directory = TemporaryDirectory()
        let configuration = StorageConfiguration(environment: .init(mapSize: 1 << 20))
        var committed: [UInt64] = []
        do {
            let store = try HeraldStore(directory: directory.path, configuration: configuration)
            var failure: StorageError?
            for index in 0..<10_000 {
                do {
                    committed.append(try await store.log.append(payload(index, size: 1024)))
                } catch {
                    failure = error
                    break
                }
            }
            guard case .mapFull(_, let mapSize) = failure else {
                Issue.record("expected .mapFull, got \(String(describing: failure))")
                return
            }
            #expect(mapSize == 1 << 20)
            #expect(failure?.isRetryable == true)
            // A batch that does not fit fails as a whole; the log is unchanged.
            let before = try store.log.count()
            await #expect(throws: StorageError.self) {
                try await store.log.append(batch: (0..<50).map { payload($0, size: 1024) })
            }
            #expect(try store.log.count() == before)
            // Reads and small metadata writes still work.
            #expect(try store.log.read(from: 1, limit: .max).count == committed.count)
            store.close()
        }
        // Reopen with a larger map: everything committed is there and appends continue.
        let bigger = StorageConfiguration(environment: .init(mapSize: 8 << 20))
        let store = try HeraldStore(directory: directory.path, configuration: bigger)
        defer { store.close() }
        let records = try store.log.read(from: 1, limit: .max)
        #expect(records.map(\.sequence) == committed)
        for (index, record) in records.enumerated() { #expect(record.payload == payload(index, size: 1024)) }
        #expect(try await store.log.append(payload(0)) == UInt64(committed.count + 1))
    }
}
