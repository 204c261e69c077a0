import Foundation
import HeraldLedger
import Testing

/// Kill-and-catch-up: a child process (this test binary, re-run with only ``LedgerCrashTests/crashChild()``
/// enabled) applies batches in a loop and is killed with SIGKILL at an arbitrary moment; the parent then checks
/// that rows and cursor agree exactly (no gap, no extra row) and that catching up from the cursor completes the
/// ledger without duplicates.
@Suite("LedgerStore: kill -9 and catch up")
struct LedgerCrashTests {
    static let childPathVariable = "HERALD_LEDGER_CRASH_CHILD_PATH"
    static let batchSize: UInt64 = 25

    /// The rows the feeder would produce for log positions `from..<from + batchSize`.
    static func batch(from start: UInt64) -> LedgerBatch {
        let sequences = start..<(start + batchSize)
        return LedgerBatch(
            events: sequences.map { Rows.event($0, time: Int64($0)) },
            attempts: sequences.map { Rows.attempt($0, event: "evt-\($0)", time: Int64($0)) },
            cursors: ["log": start + batchSize])
    }

    @Test(
        "child writer (runs only when spawned by the crash test)",
        .enabled(if: ProcessInfo.processInfo.environment[childPathVariable] != nil, "crash-test child only"))
    func crashChild() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.childPathVariable] else { return }
        let store = try LedgerStore(path: path)
        var next = try store.cursor(named: "log") ?? 1
        // Bounded: the parent kills us long before this ends.
        for _ in 0..<20_000 {
            try store.apply(Self.batch(from: next))
            next += Self.batchSize
        }
    }

    @Test("rows and cursor agree after SIGKILL; catching up adds no duplicates", .timeLimit(.minutes(2)))
    func killAndCatchUp() throws {
        let ledger = try TemporaryLedger()
        defer { ledger.remove() }
        _ = try ledger.open()
        for round in 1...3 {
            let pid = try spawnChild(path: ledger.path)
            // Let it write for a while (at least one commit), then kill it mid-stream.
            let store = try ledger.open()
            let deadline = ContinuousClock.now.advanced(by: .seconds(60))
            let startCursor = try store.cursor(named: "log") ?? 1
            while (try store.cursor(named: "log") ?? 1) < startCursor + Self.batchSize * 4,
                ContinuousClock.now < deadline
            {
                usleep(2_000)
            }
            usleep(UInt32.random(in: 0..<20_000))
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)

            let reopened = try ledger.open()
            let cursor = try #require(try reopened.cursor(named: "log"), "round \(round): no cursor")
            #expect(cursor > startCursor, "round \(round): the child made progress")
            try expectConsistent(reopened, cursor: cursor, round: round)
            // Catch up: re-apply the last committed batch (as a feeder that re-reads would) and two more.
            try reopened.apply(Self.batch(from: cursor - Self.batchSize))
            try reopened.apply(Self.batch(from: cursor))
            try reopened.apply(Self.batch(from: cursor + Self.batchSize))
            try expectConsistent(reopened, cursor: cursor + Self.batchSize * 2, round: round)
        }
    }

    func expectConsistent(_ store: LedgerStore, cursor: UInt64, round: Int) throws {
        #expect(try store.cursor(named: "log") == cursor, "round \(round)")
        let figures = try store.makeQuery().run(
            sql: "SELECT count(*), min(log_seq), max(log_seq), (SELECT count(*) FROM attempts) FROM events")
        #expect(
            figures.rows == [[.integer(Int64(cursor) - 1), 1, .integer(Int64(cursor) - 1), .integer(Int64(cursor) - 1)]],
            "round \(round): cursor \(cursor)")
    }

    /// Re-runs this test binary with only the child test enabled.
    func spawnChild(path: String) throws -> pid_t {
        let executable = "/proc/self/exe"
        let argv = [CommandLine.arguments.first ?? executable, "--testing-library", "swift-testing", "--filter",
                    "crashChild"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childPathVariable] = path
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid = pid_t()
        let code = posix_spawn(&pid, executable, &actions, nil, cArguments, cEnvironment)
        guard code == 0 else { throw CrashTestError(description: "posix_spawn failed: \(code)") }
        return pid
    }

    struct CrashTestError: Error, CustomStringConvertible {
        let description: String
    }
}
