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

print("herald-storage-bench: 1 KiB events, durable commits, \(repetitions) repetitions (each <= \(seconds) s), directory \(directory)")
print("")
var results: [String: Statistics] = [:]

let direct = DirectLMDBBenchmark(directory: benchDirectory, payload: payload)
for (label, batch, count) in [("direct LMDB, one commit per event", 1, 1_000), ("direct LMDB, batch 100", 100, 50_000), ("direct LMDB, batch 1000", 1000, 100_000)] {
    var samples: [Double] = []
    for _ in 0..<repetitions { samples.append(try direct.run(events: events(count), batchSize: batch, timeLimit: timeLimit)) }
    let statistics = Statistics(samples: samples)
    results[label] = statistics
    print("\(label.padding(toLength: 44, withPad: " ", startingAt: 0)) \(statistics.summary)")
}

let herald = HeraldAppendBenchmark(directory: benchDirectory, payload: payload)
for (appenders, count) in [(1, 1_000), (8, 8_000), (64, 64_000), (1024, 200_000)] {
    let label = appenders == 1024
        ? "Herald group commit, 64 x 16 in flight"
        : "Herald group commit, \(appenders) appender\(appenders == 1 ? "" : "s")"
    var samples: [Double] = []
    herald.observed.eventsPerCommit.removeAll()
    for _ in 0..<repetitions { samples.append(try await herald.run(events: events(count), appenders: appenders, timeLimit: timeLimit)) }
    let statistics = Statistics(samples: samples)
    results[label] = statistics
    let perCommit = Statistics(samples: herald.observed.eventsPerCommit).median
    print("\(label.padding(toLength: 44, withPad: " ", startingAt: 0)) \(statistics.summary)  (\(String(format: "%.1f", perCommit)) events/commit)")
}

let finalResults = results
func median(_ label: String) -> Double { finalResults[label]?.median ?? 0 }
let herald64 = median("Herald group commit, 64 appenders")
let batched = median("direct LMDB, batch 1000")
let batched100 = median("direct LMDB, batch 100")
let pipelined = median("Herald group commit, 64 x 16 in flight")
let single = median("direct LMDB, one commit per event")
print("")
print("ratios (medians):")
print("  direct batch 1000 / Herald 64 appenders   = \(String(format: "%.2f", batched / herald64))x   (target <= 2x)")
print("  direct batch 100  / Herald 64 appenders   = \(String(format: "%.2f", batched100 / herald64))x")
print("  direct batch 1000 / Herald 64 x 16 in flight = \(String(format: "%.2f", batched / pipelined))x")
print("  Herald 64 appenders / one commit per event = \(String(format: "%.1f", herald64 / single))x   (target >= 50x)")
