/// Runs one target over a corpus and then over mutated corpus entries, collecting figures and findings.
///
/// Deterministic for a given seed, corpus and iteration count (a time limit can only cut a run short).
/// Findings are returned, not trapped, so a run reports every distinct invariant that failed; a crash inside
/// the code under test still stops the process (the harness saves the input first, see `beforeEach`).
public struct FuzzCampaign: Sendable {
    /// Figures and findings of one run.
    public struct Report: Sendable {
        /// The target's name.
        public var target: String
        /// Inputs executed (corpus entries plus mutations).
        public var executions = 0
        /// Corpus entries executed.
        public var corpusExecutions = 0
        /// Inputs not run because they hit an open, already reported crash (with `skipKnownCrashes`).
        public var skippedKnownCrashes = 0
        /// Sampled executions (every 16th) for which the target said whether its first parser accepted the input.
        public var sampled = 0
        /// Sampled executions whose input got past the first parser.
        public var accepted = 0
        /// Wall time spent, in seconds.
        public var seconds = 0.0
        /// The first input of each distinct finding (by invariant), in discovery order.
        public var findings: [(finding: FuzzFinding, input: [UInt8])] = []

        /// The share of sampled inputs that got past the first parser (0...1), or `nil` when not measured.
        public var acceptedShare: Double? { sampled > 0 ? Double(accepted) / Double(sampled) : nil }

        /// Executions per second.
        public var executionsPerSecond: Double { seconds > 0 ? Double(executions) / seconds : 0 }
    }

    /// The target to run.
    public let target: FuzzTarget
    /// The seed inputs.
    public let corpus: [[UInt8]]
    /// The mutator.
    public let mutator: FuzzMutator

    /// Creates a campaign.
    /// - Parameters:
    ///   - target: The target.
    ///   - corpus: Seed inputs (an empty corpus starts from a few generic seeds).
    ///   - mutator: The mutator.
    public init(target: FuzzTarget, corpus: [[UInt8]], mutator: FuzzMutator = FuzzMutator()) {
        self.target = target
        self.corpus = corpus.isEmpty ? [[], Array("{}".utf8), Array("[1,\"a\",null]".utf8)] : corpus
        self.mutator = mutator
    }

    /// Runs every corpus entry, then `iterations` mutated inputs (or until `deadline` passes).
    /// - Parameters:
    ///   - seed: The PRNG seed.
    ///   - iterations: Mutated inputs to run.
    ///   - skipKnownCrashes: Do not run inputs that hit an open, already reported crash.
    ///   - clock: The clock that measures the run and checks the deadline.
    ///   - maximumDuration: Stop mutating after this long (corpus entries always run).
    ///   - beforeEach: Called with each input before it runs (the harness saves it, so a crash leaves it behind).
    ///   - progress: Called about every `progressInterval` executions with the report so far.
    /// - Returns: The report.
    public func run<C: Clock>(
        seed: UInt64, iterations: Int, skipKnownCrashes: Bool = false, clock: C, maximumDuration: C.Duration? = nil,
        beforeEach: ([UInt8]) -> Void = { _ in }, progressInterval: Int = 0, progress: (Report) -> Void = { _ in }
    ) -> Report where C.Duration == Duration {
        var report = Report(target: target.name)
        let start = clock.now
        var seen: Set<String> = []
        /// Runs one input; `false` when it was skipped as a known crash.
        @discardableResult
        func execute(_ input: [UInt8]) -> Bool {
            if skipKnownCrashes, target.hitsKnownCrash(input) {
                report.skippedKnownCrashes += 1
                return false
            }
            beforeEach(input)
            report.executions += 1
            if report.executions % 16 == 0, let accepted = target.accepts(input) {
                report.sampled += 1
                if accepted { report.accepted += 1 }
            }
            if let finding = target.check(input), seen.insert(finding.invariant).inserted {
                report.findings.append((finding, input))
            }
            if progressInterval > 0, report.executions % progressInterval == 0 {
                report.seconds = Self.seconds(start.duration(to: clock.now))
                progress(report)
            }
            return true
        }
        for entry in corpus {
            execute(entry)
            report.corpusExecutions += 1
        }
        var random = FuzzRandom(seed: seed)
        var pool = corpus
        for iteration in 0..<iterations {
            if let maximumDuration, iteration % 16 == 0, start.duration(to: clock.now) > maximumDuration { break }
            let input = mutator.mutate(
                random.pick(pool), pool: pool, maximumLength: target.maximumInputLength, random: &random)
            guard execute(input) else { continue }
            // Keep a bounded rolling pool of mutants the first parser accepts, so mutations can compound.
            if random.chance(5), target.accepts(input) != false {
                if pool.count < corpus.count + 256 {
                    pool.append(input)
                } else {
                    pool[corpus.count + random.int(256)] = input
                }
            }
        }
        report.seconds = Self.seconds(start.duration(to: clock.now))
        return report
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
