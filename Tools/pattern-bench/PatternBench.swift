#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeraldJSON
import HeraldPattern
import HeraldPatternReference

/// `herald-pattern-bench`: events per second matched by `CompiledRuleSet` (JSON parsing included) for
/// the rule mix of `patterns.md`, next to the naive "try every rule" reference interpreter.
///
/// Options: `--passes N` (default 5), `--events N` per pass (default 50000), `--quick` (small run).
@main
struct PatternBench {
    struct Settings {
        var passes = 5
        var eventsPerPass = 50_000
        var warmUp = 20_000
        var referenceSeconds = 0.5
        /// Run only scenarios whose label contains this text.
        var only: String?
        var reference = true
        /// Parse each event into a `JSONValue` first and match the tree (the slower API).
        var tree = false
    }

    static func main() throws {
        var settings = Settings()
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--passes": settings.passes = Int(arguments.popFirst() ?? "") ?? settings.passes
            case "--events": settings.eventsPerPass = Int(arguments.popFirst() ?? "") ?? settings.eventsPerPass
            case "--only": settings.only = arguments.popFirst()
            case "--no-reference": settings.reference = false
            case "--tree": settings.tree = true
            case "--quick":
                settings.passes = 3
                settings.eventsPerPass = 10_000
                settings.warmUp = 2_000
                settings.referenceSeconds = 0.2
            default:
                print("usage: herald-pattern-bench [--passes N] [--events N] [--quick] [--only TEXT] [--no-reference] [--tree]")
                return
            }
        }
        print("herald-pattern-bench: \(settings.passes) passes × \(settings.eventsPerPass) events, warm-up \(settings.warmUp); one thread")
        print("")
        print("| variant | rules | compiled events/CPU-s median (best) | wall events/s median | rules matched/event | naive reference events/CPU-s | parse+compile |")
        print("|---|--:|--:|--:|--:|--:|--:|")
        for variant in Workload.Variant.allCases {
            for count in [1, 100, 1_000, 10_000] {
                if let only = settings.only, "\(variant.rawValue) | \(count)" != only { continue }
                var random = BenchRandom(seed: 42)
                let workload = Workload(variant: variant, rules: count)
                let rules = (0..<count).map { workload.rule($0, &random) }
                let events = (0..<10_000).map { _ in Array(workload.event(&random).utf8) }
                try run(label: "\(variant.rawValue) | \(count)", rules: rules, events: events, settings: settings)
            }
        }
        var random = BenchRandom(seed: 7)
        let workload = Workload(variant: .fixed, rules: 10_000)
        let events = (0..<10_000).map { _ in Array(workload.event(&random).utf8) }
        for width in [20, 200] {
            let rules = (0..<10_000).map { _ in Workload.numericRule(&random, maximumWidth: width) }
            try run(label: "numeric ranges, width ≤\(width) | 10000", rules: rules, events: events, settings: settings)
        }
        let sample = String(decoding: events[0], as: UTF8.self)
        print("")
        print("Mean event size: \(events.reduce(0) { $0 + $1.count } / events.count) bytes. Sample event:")
        print(sample)
    }

    static func run(label: String, rules texts: [String], events: [[UInt8]], settings: Settings) throws {
        if let only = settings.only, label != only { return }
        let clock = ContinuousClock()
        var patterns: [(Int, EventPattern)] = []
        let compileTime = try clock.measure {
            for (index, text) in texts.enumerated() { patterns.append((index, try EventPattern(parsing: text))) }
            let compiled = CompiledRuleSet(rules: patterns)
            precondition(compiled.count == texts.count)
        }
        let compiled = CompiledRuleSet(rules: patterns)
        var matched = 0
        for index in 0..<settings.warmUp {
            matched &+= try compiled.matchingRules(forEvent: events[index % events.count]).count
        }
        var rates: [Double] = []
        var wallRates: [Double] = []
        var totalMatched = 0
        var cursor = 0
        for _ in 0..<settings.passes {
            var passMatched = 0
            let cpuStart = threadCPUSeconds()
            let elapsed = try clock.measure {
                for _ in 0..<settings.eventsPerPass {
                    if settings.tree {
                        passMatched &+= compiled.matchingRules(for: try JSONValue(parsing: events[cursor])).count
                    } else {
                        passMatched &+= try compiled.matchingRules(forEvent: events[cursor]).count
                    }
                    cursor = cursor + 1 == events.count ? 0 : cursor + 1
                }
            }
            let cpu = threadCPUSeconds() - cpuStart
            totalMatched += passMatched
            rates.append(Double(settings.eventsPerPass) / cpu)
            wallRates.append(Double(settings.eventsPerPass) / seconds(elapsed))
        }
        rates.sort()
        wallRates.sort()
        let median = rates[rates.count / 2]
        let best = rates.last ?? median
        let wallMedian = wallRates[wallRates.count / 2]
        let perEvent = Double(totalMatched) / Double(settings.passes * settings.eventsPerPass)
        let naive = settings.reference ? format(try referenceRate(patterns, events, settings)) : "-"
        print("| \(label) | \(format(median)) (\(format(best))) | \(format(wallMedian)) | \(fixed(perEvent, 2)) | \(naive) | \(fixed(seconds(compileTime), 3)) s |")
    }

    /// Median events/s of the naive interpreter (parse, then try every rule) over three timed passes.
    static func referenceRate(_ patterns: [(Int, EventPattern)], _ events: [[UInt8]], _ settings: Settings) throws -> Double {
        var rates: [Double] = []
        var cursor = 0
        for _ in 0..<3 {
            var processed = 0
            let start = threadCPUSeconds()
            var elapsed = 0.0
            repeat {
                let event = try JSONValue(parsing: events[cursor])
                _ = ReferenceMatcher.matchingRules(patterns, event: event)
                processed += 1
                cursor = (cursor + 1) % events.count
                elapsed = threadCPUSeconds() - start
            } while elapsed < settings.referenceSeconds
            rates.append(Double(processed) / elapsed)
        }
        rates.sort()
        return rates[1]
    }

    /// CPU time consumed by the calling thread, in seconds (immune to waiting for a busy CPU).
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ rate: Double) -> String {
        let value = Int(rate + 0.5)
        var text = String(value)
        var index = text.count - 3
        while index > 0 {
            text.insert(",", at: text.index(text.startIndex, offsetBy: index))
            index -= 3
        }
        return text
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int(value * scale + 0.5)
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        return "\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }
}
