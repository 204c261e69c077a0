import Foundation
import HeraldStorage
import Testing

/// FNV-1a 64-bit hash (same as the crash child's).
private func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}

/// What the child reported as committed, accumulated over every run.
private struct Reported {
    var appended: [UInt64: String] = [:]
    var retried: Set<UInt64> = []
    var deadLettered: Set<UInt64> = []

    mutating func parse(_ text: String) {
        // Only complete lines count: a line cut by the kill is ignored (its commit is not claimed).
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if !text.hasSuffix("\n") { lines.removeLast() }
        for line in lines {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let sequence = UInt64(fields[1]) else { continue }
            switch fields[0] {
            case "A" where fields.count == 3: appended[sequence] = String(fields[2])
            case "R": retried.insert(sequence)
            case "D": deadLettered.insert(sequence)
            default: continue
            }
        }
    }
}

@Suite("Crash recovery", .serialized)
struct CrashTests {
    /// The crash child lives next to the test bundle in the build products directory.
    static func childBinary() -> URL? {
        var candidates: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates {
            let url = directory.appendingPathComponent("herald-storage-crash-child")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    @Test("SIGKILL at random moments never loses or tears a reported commit", .timeLimit(.minutes(2)))
    func randomKills() async throws {
        let binary = try #require(Self.childBinary(), "herald-storage-crash-child not found next to the test bundle; run `swift build` first")
        let directory = TemporaryDirectory()
        let dataDirectory = directory.path + "/data"
        var reported = Reported()
        var generator = SystemRandomNumberGenerator()
        let started = ContinuousClock.now
        let kills = 24
        for run in 0..<kills {
            let outputPath = directory.path + "/out-\(run).txt"
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)  // a failure shows as FileHandle's error below
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            var process = Process()
            process.executableURL = binary
            process.arguments = [dataDirectory, "8"]
            process.standardOutput = output
            process.standardError = output
            try process.run()
            // A child spawned concurrently by another test briefly shares descriptors between fork and exec, which can
            // hold the directory's lock for a moment: a child that lost that race is started again (bounded).
            var startAttempts = 1
            while startAttempts < 5 {
                try await Task.sleep(for: .milliseconds(20))
                guard !process.isRunning, process.terminationReason == .exit,
                    (try? String(contentsOfFile: outputPath, encoding: .utf8))?.contains("already open") == true
                else { break }
                startAttempts += 1
                try await Task.sleep(for: .milliseconds(100))
                try output.truncate(atOffset: 0)
                process = Process()
                process.executableURL = binary
                process.arguments = [dataDirectory, "8"]
                process.standardOutput = output
                process.standardError = output
                try process.run()
            }
            // Kill at a random moment while it is appending: after its first report (or 3 s), plus 0-300 ms.
            let startDeadline = ContinuousClock.now + .seconds(3)
            while ContinuousClock.now < startDeadline,
                (try? FileManager.default.attributesOfItem(atPath: outputPath)[.size] as? Int) ?? 0 == 0
            {
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...300, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try output.close()
            let text = try String(contentsOfFile: outputPath, encoding: .utf8)
            #expect(process.terminationReason == .uncaughtSignal, "the child exited by itself: \(text.suffix(500))")
            reported.parse(text)
            try verify(dataDirectory, reported, fullScan: run == kills - 1 || run % 6 == 0)
        }
        #expect(reported.appended.count > 1000, "the child appended too little to exercise anything")
        #expect(reported.deadLettered.count > 10)
        // Bounded: ~35 s alone; ~60 s inside the parallel suite on a 2-core box, where every other test's fsyncs
        // (and the ledger's paced write-back in the server tests) share the disk with this child's.
        #expect(ContinuousClock.now - started < .seconds(120))
    }

    private func verify(_ dataDirectory: String, _ reported: Reported, fullScan: Bool) throws {
        let store = try HeraldStore(directory: dataDirectory)
        defer { store.close() }
        guard let last = try store.log.lastStoredSequence() else {
            #expect(reported.appended.isEmpty, "acknowledged appends but the log is empty")
            return
        }
        #expect(try store.log.firstSequence() == 1)
        #expect(try store.log.count() == Int(last), "sequences are not gap-free")
        // Every reported append is present and intact.
        for (sequence, hash) in reported.appended {
            guard let record = try store.log.record(at: sequence) else {
                Issue.record("acknowledged sequence \(sequence) is missing after a crash")
                continue
            }
            #expect(String(fnv1a(record.payload), radix: 16) == hash, "sequence \(sequence) has different bytes")
        }
        if fullScan {
            var previous: UInt64 = 0
            var next: UInt64 = 1
            while true {
                let records = try store.log.read(from: next, limit: 5_000)
                guard let final = records.last else { break }
                for record in records {
                    #expect(record.sequence == previous + 1, "log out of order or with a gap at \(record.sequence)")
                    previous = record.sequence
                    let body = record.payload.dropLast(8)
                    #expect(BigEndian.uint64(Array(record.payload.suffix(8))) == fnv1a(body), "record \(record.sequence) is corrupt")
                }
                next = final.sequence + 1
            }
            #expect(previous == last)
        }
        // Consumer state: every reported change is there, and retry -> DLQ moves never tear.
        guard let consumer = try store.consumers.info(named: "crash-consumer") else {
            #expect(reported.retried.isEmpty)
            return
        }
        if let highest = reported.retried.max() { #expect(consumer.cursor >= highest + 1) }
        for sequence in reported.retried {
            let retry = try store.consumers.retry(consumer.id, sequence: sequence)
            let dead = try store.consumers.deadLetter(consumer.id, sequence: sequence)
            #expect((retry == nil) != (dead == nil), "sequence \(sequence) must be in exactly one of retry queue and DLQ")
            if reported.deadLettered.contains(sequence) {
                #expect(retry == nil)
                #expect(dead?.attempts.map(\.time) == [1, 2])
                let logged = try store.log.record(at: sequence)
                #expect(dead?.event.payload == logged?.payload)
            }
        }
    }
}
