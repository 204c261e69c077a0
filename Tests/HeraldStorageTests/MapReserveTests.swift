import HeraldStorage
import Testing

@Suite("Map reserve")
struct MapReserveTests {
    @Test("appends stop short of a full map, so outcomes still commit and compaction frees room for appends again")
    func reserveKeepsDeliveryAndCompactionWorking() async throws {
        let temporary = TemporaryDirectory()
        var configuration = StorageConfiguration()
        configuration.environment.mapSize = 1 << 20
        let store = try HeraldStore(directory: temporary.path, configuration: configuration)
        defer { store.close() }
        let consumer = try await store.consumers.register("c", initialCursor: 1)
        var appended: [UInt64] = []
        var refused: StorageError?
        for index in 0..<2_000 {
            do {
                appended.append(try await store.log.append(payload(index, size: 1_000)))
            } catch {
                refused = error
                break
            }
        }
        let error = try #require(refused, "a 1 MiB map must refuse appends before 2 MB of events")
        #expect(error.isRetryable)
        #expect(appended.count > 100)
        // The reserve takes what delivery needs: retries (with history) and dead letters (with a copy of the event).
        let retries = appended.prefix(50).map {
            ConsumerStateChange.retry(sequence: $0, attempt: FailureAttempt(time: 1, statusCode: 503, error: "busy"), dueTime: 10)
        }
        try await store.consumers.apply(retries + [.advanceCursor(to: 51)], for: consumer.id)
        try await store.consumers.apply(
            appended[50..<60].map { .deadLetter(sequence: $0, attempt: nil, reason: .nonRetryableResponse) }, for: consumer.id)
        for sequence in appended.prefix(50) {
            try await store.consumers.apply([.completeRetry(sequence: sequence)], for: consumer.id)
        }
        try await store.consumers.apply([.advanceCursor(to: appended.last! + 1)], for: consumer.id)
        var deleted = 0
        for _ in 0..<100 {
            let step = try await store.compactor.compact(maxEntries: 1_000)
            deleted += step.deleted
            if !step.hasMore { break }
        }
        #expect(deleted >= appended.count - 1)
        // Pages freed by compaction are counted as room again.
        _ = try await store.log.append(payload(9_999, size: 1_000))
        #expect(try store.usage().usedBytes < store.usage().highWaterBytes)
    }
}
