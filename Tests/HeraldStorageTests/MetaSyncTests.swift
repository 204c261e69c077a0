import Dispatch
import Synchronization
import Testing

@testable import HeraldStorage

/// The environment runs with `MDB_NOMETASYNC` so that readers can be woken between a commit's data sync and its meta
/// sync; durability then rests on `write` syncing the meta page itself after every commit, and on the group
/// writer answering a group only after a meta sync or the next commit's data sync.
@Suite("Every commit is durable before its callers are answered")
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

    @Test(
        "pipelined groups are made durable by the next commit's data sync; a group whose producer may wait gets its own meta sync",
        arguments: [true, false])
    func nextCommitCarriesPipelinedGroups(pipelined: Bool) async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let writer = store.log.writer
        let meta = store.databases.meta
        let before = writer.counters.snapshot
        let release = DispatchSemaphore(value: 0)
        let entered = DispatchSemaphore(value: 0)
        // Each answer notes its order and the durable mark it saw.
        let answers = Mutex<[(label: String, durable: UInt64, value: UInt64)]>([])
        let done = DispatchSemaphore(value: 0)
        func note(_ label: String) -> GroupCommitWriter.Completion {
            .callback { result in
                let value = (try? result.get()) ?? .max
                answers.withLock { $0.append((label, store.log.durableSequence, value)) }
                done.signal()
            }
        }
        // Group 1 holds the writer inside its transaction until groups 2 are queued behind it.
        writer.enqueue(
            .init(
                payloads: .work({ (txn) throws(StorageError) -> UInt64 in
                    entered.signal()
                    release.wait()
                    try txn.put([1], forKey: Array("meta-sync-test".utf8), in: meta)
                    return 7
                }), count: 1, bytes: 0, completion: note("hold"), pipelined: pipelined))
        entered.wait()
        for index in 0..<3 {
            writer.enqueue(.init(payloads: .single(payload(index)), count: 1, bytes: 64, completion: note("append \(index)"), pipelined: pipelined))
        }
        release.signal()
        for _ in 0..<4 { done.wait() }
        let after = writer.counters.snapshot
        let recorded = answers.withLock { $0 }
        #expect(recorded.map(\.label) == ["hold", "append 0", "append 1", "append 2"])
        #expect(recorded.first?.value == 7)
        // Every append was answered only once its sequence was durable.
        for answer in recorded.dropFirst() { #expect(answer.durable >= answer.value, "\(answer)") }
        #expect(after.commits - before.commits == 2)
        // Pipelined: the appends' commit carried the first group's meta page, so only the last group needed a meta sync.
        #expect(after.metaSyncs - before.metaSyncs == (pipelined ? 1 : 2))
        #expect(try store.log.lastStoredSequence() == 3)
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
