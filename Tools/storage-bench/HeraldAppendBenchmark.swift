import Foundation
import HeraldStorage

/// Durable, group-committed appends through `HeraldStore.log` from N concurrent appenders.
struct HeraldAppendBenchmark {
    let directory: String
    let payload: [UInt8]

    /// Mean events per commit of the last run.
    final class Observed: @unchecked Sendable {
        var eventsPerCommit: [Double] = []
        /// Append latencies of the last run, in microseconds.
        var latencies: [Double] = []
    }

    let observed = Observed()

    /// `appenders` tasks each append up to `events / appenders` payloads one at a time, stopping early once
    /// `timeLimit` has passed; returns events/s.
    func run(events: Int, appenders: Int, timeLimit: Duration) async throws -> Double {
        let path = directory + "/herald-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try HeraldStore(directory: path)
        defer { store.close() }
        let perAppender = max(1, events / appenders)
        let payload = payload
        let start = ContinuousClock.now
        let deadline = start + timeLimit
        let (total, latencies) = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<appenders {
                group.addTask {
                    var latencies: [Double] = []
                    latencies.reserveCapacity(min(perAppender, 100_000))
                    while latencies.count < perAppender {
                        let before = ContinuousClock.now
                        if before >= deadline { break }
                        _ = try await store.log.append(payload)
                        latencies.append((ContinuousClock.now - before).seconds * 1e6)
                    }
                    return latencies
                }
            }
            var all: [Double] = []
            for try await part in group { all.append(contentsOf: part) }
            return (all.count, all)
        }
        observed.latencies = latencies
        let elapsed = ContinuousClock.now - start
        observed.eventsPerCommit.append(store.log.statistics.eventsPerCommit)
        guard store.log.lastSequence == UInt64(total), try store.log.count() == total else {
            throw BenchmarkError(message: "expected \(total) appends, log has \(store.log.lastSequence)")
        }
        return Double(total) / elapsed.seconds
    }
}
