/// Serializes asynchronous work per key (one message at a time), so a receipt and the overdue check for the same
/// message never interleave their read-decide-ingest-write steps. Waiters run in arrival order.
actor KeyedLock {
    private var queues: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Creates an empty lock table.
    init() {}

    /// Runs `body` while holding the lock for `key`.
    nonisolated func withLock<Result: Sendable, Failure: Error>(
        _ key: String, _ body: () async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        await acquire(key)
        do {
            let result = try await body()
            await release(key)
            return result
        } catch {
            await release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        guard queues[key] != nil else {
            queues[key] = []
            return
        }
        await withCheckedContinuation { continuation in queues[key, default: []].append(continuation) }
    }

    private func release(_ key: String) {
        guard var waiting = queues[key], !waiting.isEmpty else {
            queues[key] = nil
            return
        }
        let next = waiting.removeFirst()
        queues[key] = waiting
        next.resume()
    }
}
