import Testing

@testable import HeraldStorage

@Suite("Outcome journal")
struct OutcomeJournalTests {
    @Test("journal records commit with the consumer change, keep increasing sequences across trims and reopen")
    func appendReadTrimReopen() async throws {
        let temporary = TemporaryDirectory()
        let directory = temporary.path
        do {
            let store = try HeraldStore(directory: directory)
            defer { store.close() }
            _ = try await store.log.append(Array("e1".utf8))
            let consumer = try await store.consumers.register("c", initialCursor: 1)
            try await store.consumers.apply([.journal(Array("a".utf8)), .journal(Array("b".utf8)), .advanceCursor(to: 2)], for: consumer.id)
            let entries = try store.journal.read(from: 0, limit: 10)
            #expect(entries.map(\.sequence) == [1, 2])
            #expect(entries.map { String(decoding: $0.record, as: UTF8.self) } == ["a", "b"])
            #expect(try store.consumers.cursor(of: consumer.id) == 2)
            #expect(try await store.journal.trim(through: 2) == 2)
            #expect(try store.journal.count() == 0)
            // A change list that fails applies nothing: no journal record without its outcome.
            await #expect(throws: StorageError.self) {
                try await store.consumers.apply([.journal(Array("lost".utf8)), .retry(sequence: 99, attempt: FailureAttempt(time: 1), dueTime: 1)], for: consumer.id)
            }
            #expect(try store.journal.count() == 0)
        }
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        let consumer = try #require(try store.consumers.info(named: "c"))
        try await store.consumers.apply([.journal(Array("c".utf8))], for: consumer.id)
        #expect(try store.journal.read(from: 0, limit: 10).map(\.sequence) == [3])
        #expect(try store.journal.read(from: 4, limit: 10).isEmpty)
    }

    @Test("appends write no meta page; trims keep a floor, and an older store's counter is honoured")
    func counterWithoutMetaWrites() async throws {
        let temporary = TemporaryDirectory()
        let directory = temporary.path
        do {
            let store = try HeraldStore(directory: directory)
            defer { store.close() }
            let consumer = try await store.consumers.register("c", initialCursor: 1)
            let metaBefore = try Self.metaEntries(store)
            try await store.consumers.apply((0..<4).map { .journal([UInt8($0)]) }, for: consumer.id)
            // The delivery commit touched the journal only: `meta` (another page in every data sync) is as it was.
            #expect(try Self.metaEntries(store) == metaBefore)
            #expect(try store.journal.nextSequence() == 5)
            #expect(try await store.journal.trim(through: 2) == 2)
            #expect(try store.journal.nextSequence() == 5)
            #expect(try await store.journal.trim(through: 4) == 2)
            #expect(try store.journal.count() == 0)
            #expect(try store.journal.nextSequence() == 5)
            // A store written by an older build kept the counter in `meta` on every append: it may be ahead.
            try Self.writeOlderCounter(40, store)
        }
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        let consumer = try #require(try store.consumers.info(named: "c"))
        #expect(try store.journal.nextSequence() == 40)
        try await store.consumers.apply([.journal([1]), .journal([2])], for: consumer.id)
        #expect(try store.journal.read(from: 0, limit: 10).map(\.sequence) == [40, 41])
        #expect(try store.journal.nextSequence() == 42)
    }

    static func writeOlderCounter(_ next: UInt64, _ store: HeraldStore) throws {
        try store.environment.write { (txn) throws(StorageError) in
            try txn.put(BigEndian.bytes(next), forKey: OutcomeJournal.nextSequenceKey, in: store.databases.meta)
        }
    }

    static func metaEntries(_ store: HeraldStore) throws -> [[UInt8]] {
        try store.environment.read { (txn) throws(StorageError) -> [[UInt8]] in
            try txn.withCursor(on: store.databases.meta) { (cursor) throws(StorageError) -> [[UInt8]] in
                var entries: [[UInt8]] = []
                var entry = try cursor.first()
                while let current = entry {
                    entries.append(Array(current.key) + [0xFF] + Array(current.value))
                    entry = try cursor.next()
                }
                return entries
            }
        }
    }

    @Test("trim deletes at most its limit, oldest first")
    func trimIsBounded() async throws {
        let temporary = TemporaryDirectory()
        let directory = temporary.path
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        let consumer = try await store.consumers.register("c", initialCursor: 1)
        try await store.consumers.apply((0..<5).map { .journal([UInt8($0)]) }, for: consumer.id)
        #expect(try await store.journal.trim(through: 10, limit: 2) == 2)
        #expect(try store.journal.read(from: 0, limit: 10).map(\.sequence) == [3, 4, 5])
    }
}
