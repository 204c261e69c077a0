import CLMDB
import Foundation

/// The baseline: durable `MDB_APPEND` commits straight through LMDB's C API, no Herald code involved.
struct DirectLMDBBenchmark {
    let directory: String
    let payload: [UInt8]

    /// Appends up to `events` payloads in transactions of `batchSize`, each commit durable, stopping early
    /// once `timeLimit` has passed; returns events/s.
    func run(events: Int, batchSize: Int, timeLimit: Duration) throws -> Double {
        let path = directory + "/direct-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        defer { mdb_env_close(env) }
        try check(mdb_env_set_mapsize(env, 16 << 30), "mdb_env_set_mapsize")
        try check(mdb_env_set_maxdbs(env, 4), "mdb_env_set_maxdbs")
        try check(mdb_env_open(env, path, UInt32(MDB_NOTLS), 0o600), "mdb_env_open")
        var dbi = MDB_dbi()
        var txn: OpaquePointer?
        try check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
        try check(mdb_dbi_open(txn, "events", UInt32(MDB_CREATE), &dbi), "mdb_dbi_open")
        try check(mdb_txn_commit(txn), "mdb_txn_commit")

        var sequence: UInt64 = 0
        let start = ContinuousClock.now
        let deadline = start + timeLimit
        var remaining = events
        try payload.withUnsafeBytes { value in
            while remaining > 0 && ContinuousClock.now < deadline {
                let count = min(batchSize, remaining)
                try check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
                for _ in 0..<count {
                    sequence += 1
                    var key = sequence.bigEndian
                    try withUnsafeMutableBytes(of: &key) { keyBytes in
                        var keyVal = MDB_val(mv_size: 8, mv_data: keyBytes.baseAddress)
                        var dataVal = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
                        try check(mdb_put(txn, dbi, &keyVal, &dataVal, UInt32(MDB_APPEND)), "mdb_put")
                    }
                }
                try check(mdb_txn_commit(txn), "mdb_txn_commit")
                remaining -= count
            }
        }
        return Double(events - remaining) / (ContinuousClock.now - start).seconds
    }

    private func check(_ code: Int32, _ operation: String) throws {
        if code != MDB_SUCCESS { throw BenchmarkError(message: "\(operation): \(String(cString: mdb_strerror(code)))") }
    }
}

/// A benchmark failure.
struct BenchmarkError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
