// herald-fuzz: a deterministic, seeded mutation fuzzer over Herald's parsers (no libFuzzer needed).
//
//   herald-fuzz TARGET|all [--seed N] [--iterations N] [--corpus DIR] [--max-seconds S] [--work DIR]
//   herald-fuzz TARGET --reproduce FILE...
//   herald-fuzz --list
//
// Before each execution the input is written to `.build-fuzz/current-TARGET`, so a crash inside Herald code
// leaves its reproducer behind. Invariant violations do not stop the run: each distinct one is saved under
// `.build-fuzz/crashes/TARGET/` and reported at the end (exit status 1).
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HeraldFuzzTargets

let options: HarnessOptions
do {
    options = try HarnessOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("herald-fuzz: \(error)\n\n\(HarnessOptions.usage)\n".utf8))
    exit(2)
}
exit(Harness(options: options).run())
