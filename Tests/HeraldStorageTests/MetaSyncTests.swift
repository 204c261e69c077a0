import Testing

@testable import HeraldStorage

/// The environment runs with `MDB_NOMETASYNC` so that readers can be woken between a commit's data sync and its meta
/// sync; durability then rests on `writeUngated` syncing the meta page itself after every commit.
@Suite("Every commit syncs its meta page before it returns")
struct MetaSyncTests {
    @Test("one meta sync per direct write and per group commit")
    func oneSyncPerCommit() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let environment = store.environment
        let before = environment.metaSyncs.load(ordering: .relaxed)
        try Self.writeFive(environment, meta: store.databases.meta)
        #expect(environment.metaSyncs.load(ordering: .relaxed) == before + 5)

        let commitsBefore = store.log.statistics.commits
        let syncsBefore = environment.metaSyncs.load(ordering: .relaxed)
        for index in 0..<10 { _ = try await store.log.append(payload(index)) }
        let commits = store.log.statistics.commits - commitsBefore
        #expect(commits >= 1)
        #expect(UInt64(environment.metaSyncs.load(ordering: .relaxed) - syncsBefore) == commits)
        #expect(try store.log.lastStoredSequence() == 10)
    }

    static func writeFive(_ environment: LMDBEnvironment, meta: Database) throws {
        for index in 0..<5 {
            try environment.write { (txn) throws(StorageError) in
                try txn.put([UInt8(index)], forKey: Array("meta-sync-test-\(index)".utf8), in: meta)
            }
        }
    }

    @Test("appends are visible to readers, announced and durable by the time their callers resume; reopening keeps the mark")
    func appendsAnnouncedBeforeAck() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        #expect(store.log.durableSequence == 0)
        let sequence = try await store.log.append(payload(1))
        #expect(store.log.lastSequence == sequence)
        #expect(store.log.durableSequence == sequence)
        #expect(try store.log.read(from: sequence, limit: 1).first?.sequence == sequence)
        store.close()
        let reopened = try HeraldStore(directory: directory.path)
        defer { reopened.close() }
        #expect(reopened.log.durableSequence == sequence)
    }
}
