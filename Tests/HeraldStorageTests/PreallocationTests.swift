import CLMDB
import Foundation
import Logging
import Testing

@testable import HeraldStorage

/// `DataFilePreallocator` writes zeros into `data.mdb` past LMDB's last page while the log grows. It may never touch
/// a live page, never write past the map, and write nothing for a store that is not growing.
@Suite("The data file is written ahead of its live end while the log grows")
struct PreallocationTests {
    /// Small steps, a short look-back and a fast poll: the preallocator takes LMDB's write lock hundreds of times
    /// between the writer's commits.
    static let eager = DataFilePreallocator.Policy(
        maxHeadroomBytes: 2 << 20, horizonNanoseconds: 500_000_000, chunkBytes: 16 << 10, pollNanoseconds: 1_000_000)

    static func open(_ directory: TemporaryDirectory, _ policy: DataFilePreallocator.Policy, mapSize: Int = 1 << 30) throws -> HeraldStore {
        var configuration = StorageConfiguration()
        configuration.environment.mapSize = mapSize
        return try HeraldStore(
            directory: directory.path, configuration: configuration, preallocation: policy, clock: SystemWallClock(),
            logger: Logger(label: "test"))
    }

    /// A payload that names its own index in every byte pattern, so a zeroed or swapped page shows.
    static func payload(_ index: Int, size: Int = 900) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var state = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 | 1
        for position in bytes.indices {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes[position] = UInt8(truncatingIfNeeded: state) | 1  // never 0: zeros from the preallocator would show
        }
        return bytes
    }

    static func append(_ store: HeraldStore, _ batch: [[UInt8]]) async -> Result<Void, StorageError> {
        do {
            _ = try await store.log.appendContiguous(batch: batch)
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    static func highWater(_ store: HeraldStore) throws -> Int {
        let usage = try store.usage()
        return usage.highWaterBytes
    }

    @Test("zeros go only past the last page: 12,000 events appended meanwhile all read back intact, before and after a reopen")
    func writesAheadWithoutTouchingLiveData() async throws {
        let directory = TemporaryDirectory()
        var expected = 0
        do {
            let store = try Self.open(directory, Self.eager)
            defer { store.close() }
            // Producers append concurrently, in batches and alone, while the preallocator interleaves its steps.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for producer in 0..<4 {
                    group.addTask {
                        for round in 0..<60 {
                            let base = (producer * 60 + round) * 50
                            if round % 2 == 0 {
                                _ = try await store.log.appendContiguous(batch: (base..<base + 50).map { Self.payload($0) })
                            } else {
                                for index in base..<base + 50 { _ = try await store.log.append(Self.payload(index)) }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            expected = 4 * 60 * 50
            let statistics = store.preallocationStatistics
            #expect(statistics.bytes > 0, "the preallocator never wrote: \(statistics)")
            #expect(statistics.failures == 0)
            #expect(try Self.verify(store, count: expected))
            // Everything past the last page is zeros (or pages no commit kept).
            let highWater = try Self.highWater(store)
            let size = try store.environment.dataFileSize()
            #expect(size > highWater, "file \(size) bytes, last page ends at \(highWater)")
        }
        let reopened = try Self.open(directory, .off)
        defer { reopened.close() }
        #expect(try Self.verify(reopened, count: expected))
    }

    /// Every event is where its payload says: the payload of the event at sequence `s` is `payload(i)` for a unique
    /// `i` in `0..<count` (producers interleave, so order is not known, but the set is).
    static func verify(_ store: HeraldStore, count: Int) throws -> Bool {
        var seen = Set<Int>()
        var next: UInt64 = 1
        while true {
            let records = try store.log.read(from: next, limit: 500)
            if records.isEmpty { break }
            for record in records {
                let payload = Array(record.payload)
                // Recover the index by regenerating candidates would be slow; the first 8 bytes are unique enough.
                guard let index = index(of: payload, below: count), !seen.contains(index) else { return false }
                seen.insert(index)
                next = record.sequence + 1
            }
        }
        return seen.count == count
    }

    private static let indexByPrefix: [UInt64: Int] = {
        var map: [UInt64: Int] = [:]
        for index in 0..<(4 * 60 * 50) { map[prefix(payload(index))] = index }
        return map
    }()

    private static func prefix(_ bytes: [UInt8]) -> UInt64 {
        bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func index(of payload: [UInt8], below count: Int) -> Int? {
        guard payload.count == 900, let index = indexByPrefix[prefix(payload)], index < count else { return nil }
        return payload == Self.payload(index) ? index : nil
    }

    @Test("the bytes past the last page are zeros, and the file stops growing once the log does")
    func zerosAndPlateau() async throws {
        let directory = TemporaryDirectory()
        let store = try Self.open(directory, Self.eager)
        defer { store.close() }
        for round in 0..<40 { _ = try await store.log.appendContiguous(batch: (round * 50..<round * 50 + 50).map { Self.payload($0) }) }
        // Growth stopped: within the look-back (0.5 s) plus a margin the preallocator has caught up and then stops.
        var sizes: [Int] = []
        for _ in 0..<30 {
            try await Task.sleep(for: .milliseconds(50))
            sizes.append(try store.environment.dataFileSize())
        }
        #expect(sizes.suffix(10).allSatisfy { $0 == sizes.last }, "still growing: \(sizes)")
        let highWater = try Self.highWater(store)
        let size = sizes.last ?? 0
        #expect(size > highWater)
        #expect(size - highWater <= Self.eager.maxHeadroomBytes + Self.eager.chunkBytes)
        let handle = try #require(FileHandle(forReadingAtPath: directory.path + "/lmdb/data.mdb"))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(highWater))
        let tail = try handle.readToEnd() ?? Data()
        #expect(tail.count == size - highWater)
        #expect(tail.allSatisfy { $0 == 0 })
    }

    @Test("a store that is not growing, and one with preallocation off, write nothing ahead")
    func idleAndOff() async throws {
        for policy in [DataFilePreallocator.Policy(chunkBytes: 256 << 10, pollNanoseconds: 1_000_000), .off] {
            let directory = TemporaryDirectory()
            let store = try Self.open(directory, policy)
            defer { store.close() }
            for index in 0..<20 { _ = try await store.log.append(Self.payload(index)) }  // ~20 KB: less than a step
            try await Task.sleep(for: .milliseconds(100))
            #expect(store.preallocationStatistics.bytes == 0)
            #expect(try store.environment.dataFileSize() == Self.highWater(store))
        }
    }

    @Test("never past the map: a 4 MiB map filled to its reserve keeps data.mdb within 4 MiB")
    func staysInsideTheMap() async throws {
        let directory = TemporaryDirectory()
        let mapSize = 4 << 20
        let store = try Self.open(
            directory, DataFilePreallocator.Policy(maxHeadroomBytes: 64 << 20, chunkBytes: 64 << 10, pollNanoseconds: 1_000_000),
            mapSize: mapSize)
        defer { store.close() }
        var appended = 0
        for round in 0..<100 {
            let result = await Self.append(store, (round * 20..<round * 20 + 20).map { Self.payload($0) })
            if case .failure(let error) = result {
                #expect(error.isRetryable, "\(error)")
                break
            }
            appended += 20
            try await Task.sleep(for: .milliseconds(2))
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(appended > 0)
        #expect(store.preallocationStatistics.bytes > 0)
        #expect(try store.environment.dataFileSize() <= mapSize)
        #expect(try Self.verify(store, count: appended))
    }
}
