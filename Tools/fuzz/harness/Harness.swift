import Foundation
import HeraldFuzzTargets

/// Writes a line to standard output unbuffered, so progress shows up at once even through a pipe.
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
}

/// Runs fuzz campaigns from the command line and writes what they find.
struct Harness {
    let options: HarnessOptions

    /// Runs what the options ask for.
    /// - Returns: The exit status: 0 when nothing was found, 1 on findings, 2 on usage errors.
    func run() -> Int32 {
        if options.list {
            for target in HeraldFuzz.targets { say("\(target.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(target.summary)") }
            return 0
        }
        var selected: [FuzzTarget] = []
        for name in options.targets {
            if name == "all" {
                selected += HeraldFuzz.targets
            } else if let target = HeraldFuzz.target(named: name) {
                selected.append(target)
            } else {
                say("herald-fuzz: unknown target \(name); try --list")
                return 2
            }
        }
        if !options.reproduce.isEmpty { return reproduce(selected) }
        var total = 0
        for target in selected {
            total += fuzz(target)
        }
        return total == 0 ? 0 : 1
    }

    private func reproduce(_ targets: [FuzzTarget]) -> Int32 {
        var failures = 0
        for target in targets {
            for path in options.reproduce {
                guard let data = FileManager.default.contents(atPath: path) else {
                    say("herald-fuzz: cannot read \(path)")
                    return 2
                }
                if let finding = target.check(Array(data)) {
                    failures += 1
                    say("\(target.name) \(path): FINDING \(finding)")
                } else {
                    say("\(target.name) \(path): ok")
                }
            }
        }
        return failures == 0 ? 0 : 1
    }

    private func fuzz(_ target: FuzzTarget) -> Int {
        let corpus = loadCorpus(target.name)
        try? FileManager.default.createDirectory(atPath: options.work, withIntermediateDirectories: true)
        let currentPath = "\(options.work)/current-\(target.name)"
        let current = FileManager.default.createFile(atPath: currentPath, contents: nil) ? FileHandle(forWritingAtPath: currentPath) : nil
        say("[\(target.name)] \(corpus.count) corpus inputs, seed \(options.seed), \(options.iterations) iterations")
        let campaign = FuzzCampaign(target: target, corpus: corpus)
        let report = campaign.run(
            seed: options.seed, iterations: options.iterations, skipKnownCrashes: options.skipKnownCrashes,
            clock: ContinuousClock(),
            maximumDuration: options.maximumSeconds.map { .milliseconds(Int64($0 * 1000)) },
            beforeEach: { input in
                // Overwrite in place: cheap enough to do before every execution.
                current?.truncateFile(atOffset: 0)
                current?.write(Data(input))
            },
            progressInterval: 20_000,
            progress: { report in
                say(String(format: "[%@] %d execs, %.0f execs/s, %d findings", target.name, report.executions, report.executionsPerSecond, report.findings.count))
                    })
        try? current?.close()
        try? FileManager.default.removeItem(atPath: currentPath)
        let skipped = report.skippedKnownCrashes > 0 ? ", \(report.skippedKnownCrashes) skipped (known crash)" : ""
        let accepted = skipped + (report.acceptedShare.map { String(format: ", %.0f%% accepted by the first parser", $0 * 100) } ?? "")
        say(String(format: "[%@] done: %d execs (%d corpus) in %.1f s, %.0f execs/s, %d new findings", target.name, report.executions, report.corpusExecutions, report.seconds, report.executionsPerSecond, report.findings.count) + accepted)
        for (finding, input) in report.findings {
            let path = save(input, target: target.name, invariant: finding.invariant)
            say("[\(target.name)] FINDING \(finding.invariant): \(finding.detail.prefix(600))")
            say("[\(target.name)]   saved to \(path); reproduce: swift run herald-fuzz \(target.name) --reproduce \(path)")
        }
        return report.findings.count
    }

    private func loadCorpus(_ name: String) -> [[UInt8]] {
        let directory = URL(fileURLWithPath: options.corpus).appendingPathComponent(name)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.sorted() ?? []
        return files.compactMap { FileManager.default.contents(atPath: directory.appendingPathComponent($0).path).map(Array.init) }
    }

    private func save(_ input: [UInt8], target: String, invariant: String) -> String {
        let directory = URL(fileURLWithPath: options.work).appendingPathComponent("crashes").appendingPathComponent(target)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in input { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let path = directory.appendingPathComponent("\(invariant)-\(String(hash, radix: 16))").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
        return path
    }
}
