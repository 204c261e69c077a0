/// Command-line options of `herald-fuzz`.
struct HarnessOptions {
    /// A command-line mistake.
    struct UsageError: Error, CustomStringConvertible {
        /// What was wrong.
        let description: String
    }

    static let usage = """
        usage: herald-fuzz TARGET|all [--seed N] [--iterations N] [--corpus DIR] [--max-seconds S] [--work DIR] [--skip-known-crashes]
               herald-fuzz TARGET --reproduce FILE...
               herald-fuzz --list
          --seed N         PRNG seed (default 1); the same seed, corpus and iterations give the same inputs
          --iterations N   mutated inputs per target (default 100000)
          --corpus DIR     seed corpus root; inputs are read from DIR/TARGET/ (default Tests/Fuzz/corpus)
          --max-seconds S  stop mutating a target after S seconds (default: no limit)
          --work DIR       scratch directory (default .build-fuzz, git-ignored): the input being run is kept in
                           DIR/current-TARGET (a crash leaves it there), findings go to DIR/crashes/TARGET/
          --reproduce F    run the target once on each file F and report
          --skip-known-crashes  do not run inputs that hit an open, already reported crash (Tests/Fuzz/crashes)
        """

    var targets: [String] = []
    var list = false
    var seed: UInt64 = 1
    var iterations = 100_000
    var corpus = "Tests/Fuzz/corpus"
    var maximumSeconds: Double?
    var work = ".build-fuzz"
    var reproduce: [String] = []
    var skipKnownCrashes = false

    static func parse(_ arguments: [String]) throws(UsageError) -> HarnessOptions {
        var options = HarnessOptions()
        var index = 0
        func value(_ name: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw UsageError(description: "\(name) needs a value") }
            return arguments[index]
        }
        var reproducing = false
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--list": options.list = true
            case "--seed":
                guard let seed = UInt64(try value(argument)) else { throw UsageError(description: "--seed needs a number") }
                options.seed = seed
            case "--iterations":
                guard let count = Int(try value(argument)), count >= 0 else {
                    throw UsageError(description: "--iterations needs a number")
                }
                options.iterations = count
            case "--corpus": options.corpus = try value(argument)
            case "--work": options.work = try value(argument)
            case "--max-seconds":
                guard let seconds = Double(try value(argument)), seconds > 0 else {
                    throw UsageError(description: "--max-seconds needs a positive number")
                }
                options.maximumSeconds = seconds
            case "--reproduce": reproducing = true
            case "--skip-known-crashes": options.skipKnownCrashes = true
            case "-h", "--help": throw UsageError(description: "help requested")
            default:
                if argument.hasPrefix("-") { throw UsageError(description: "unknown option \(argument)") }
                if reproducing { options.reproduce.append(argument) } else { options.targets.append(argument) }
            }
            index += 1
        }
        if !options.list, options.targets.isEmpty { throw UsageError(description: "name a target or 'all'") }
        if reproducing, options.reproduce.isEmpty { throw UsageError(description: "--reproduce needs files") }
        return options
    }
}
