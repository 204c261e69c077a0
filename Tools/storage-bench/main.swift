// herald-storage-bench: durable append throughput of Herald's group-committed log versus LMDB used directly.
//
// Usage: herald-storage-bench [--repetitions N] [--directory PATH] [--scale F] [--seconds S]
//   --repetitions  measurements per configuration (default 5); median and spread are printed
//   --directory    where the temporary environments go (default: the system temporary directory);
//                  it must be on the disk being measured (not tmpfs)
//   --scale        multiply every event count (default 1.0)
//   --seconds      stop a measurement early after this many seconds (default 3)
import Foundation

var repetitions = 5
var directory = FileManager.default.temporaryDirectory.path
var scale = 1.0
var seconds = 3.0
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--repetitions": repetitions = arguments.popFirst().flatMap { Int($0) } ?? repetitions
    case "--directory": directory = arguments.popFirst() ?? directory
    case "--scale": scale = arguments.popFirst().flatMap { Double($0) } ?? scale
    case "--seconds": seconds = arguments.popFirst().flatMap { Double($0) } ?? seconds
    default:
        print("usage: herald-storage-bench [--repetitions N] [--directory PATH] [--scale F] [--seconds S]")
        exit(2)
    }
}

let payload = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
let benchDirectory = directory + "/herald-storage-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: benchDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: benchDirectory) }

let eventScale = scale
let timeLimit = Duration.milliseconds(Int(seconds * 1000))
@Sendable func events(_ base: Int) -> Int { max(1, Int(Double(base) * eventScale)) }

print("herald-storage-bench: 1 KiB events, durable commits, \(repetitions) rounds (each measurement <= \(seconds) s), directory \(directory)")
print("Configurations run interleaved, one of each per round, so every round sees similar disk conditions;")
print("ratios are computed per round and their median is printed.")
print("")

/// One configuration to measure.
struct Configuration {
    let label: String
    let measure: () async throws -> Double
}

let direct = DirectLMDBBenchmark(directory: benchDirectory, payload: payload)
let herald = HeraldAppendBenchmark(directory: benchDirectory, payload: payload)
let single = "direct LMDB, one commit per event"
let batch100 = "direct LMDB, batch 100"
let batch1000 = "direct LMDB, batch 1000"
let herald64 = "Herald group commit, 64 appenders"
let pipelined = "Herald group commit, 64 x 16 in flight"
var configurations: [Configuration] = [
    Configuration(label: single) { try direct.run(events: events(1_000), batchSize: 1, timeLimit: timeLimit) },
    Configuration(label: batch100) { try direct.run(events: events(50_000), batchSize: 100, timeLimit: timeLimit) },
    Configuration(label: batch1000) { try direct.run(events: events(100_000), batchSize: 1000, timeLimit: timeLimit) },
]
for (appenders, count) in [(1, 1_000), (8, 8_000), (16, 16_000), (64, 64_000), (1024, 200_000)] {
    let label = appenders == 1024 ? pipelined : "Herald group commit, \(appenders) appender\(appenders == 1 ? "" : "s")"
    configurations.append(Configuration(label: label) { try await herald.run(events: events(count), appenders: appenders, timeLimit: timeLimit) })
}

var samples: [String: [Double]] = [:]
var perCommit: [String: [Double]] = [:]
var latencies: [String: [Double]] = [:]
for round in 1...repetitions {
    for configuration in configurations {
        herald.observed.eventsPerCommit.removeAll()
        samples[configuration.label, default: []].append(try await configuration.measure())
        if let observed = herald.observed.eventsPerCommit.last {
            perCommit[configuration.label, default: []].append(observed)
            latencies[configuration.label, default: []].append(contentsOf: herald.observed.latencies)
        }
    }
    print("round \(round)/\(repetitions) done")
}
print("")
for configuration in configurations {
    let statistics = Statistics(samples: samples[configuration.label] ?? [])
    var line = "\(configuration.label.padding(toLength: 40, withPad: " ", startingAt: 0)) \(statistics.summary)"
    if let observed = perCommit[configuration.label] {
        line += "  (\(String(format: "%.1f", Statistics(samples: observed).median)) events/commit"
        let sorted = (latencies[configuration.label] ?? []).sorted()
        if !sorted.isEmpty {
            let p50 = sorted[sorted.count / 2]
            let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
            line += ", ack p50 \(String(format: "%.2f", p50 / 1000)) ms p99 \(String(format: "%.2f", p99 / 1000)) ms"
        }
        line += ")"
    }
    print(line)
}

/// Median over rounds of `numerator / denominator`, measured in the same round.
let measured = samples
func pairedRatio(_ numerator: String, _ denominator: String) -> Statistics {
    let samples = measured
    let top = samples[numerator] ?? []
    let bottom = samples[denominator] ?? []
    return Statistics(samples: zip(top, bottom).map { $1 > 0 ? $0 / $1 : 0 })
}

func describe(_ statistics: Statistics) -> String {
    "\(String(format: "%.2f", statistics.median))x  [\(String(format: "%.2f", statistics.minimum)) … \(String(format: "%.2f", statistics.maximum))]"
}

print("")
print("ratios (median of per-round ratios [min … max]):")
print("  direct batch 1000 / Herald 64 appenders        = \(describe(pairedRatio(batch1000, herald64)))   (target <= 2x)")
print("  direct batch 100  / Herald 64 appenders        = \(describe(pairedRatio(batch100, herald64)))")
print("  direct batch 1000 / Herald 64 x 16 in flight   = \(describe(pairedRatio(batch1000, pipelined)))")
print("  Herald 64 appenders / one commit per event     = \(describe(pairedRatio(herald64, single)))   (target >= 50x)")
