#if canImport(Glibc)
import Glibc
#endif
import CHeraldLibFuzzerDriver
import HeraldFuzzTargets

/// The libFuzzer entry point. The target is chosen by the `HERALD_FUZZ_TARGET` environment variable (read once
/// per process; libFuzzer owns `main`, so there is no other place to pass it). An invariant violation traps,
/// which libFuzzer reports as a crash and saves as `crash-<sha1>`.
@_cdecl("LLVMFuzzerTestOneInput")
public func herald_fuzz_test_one_input(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let target = LibFuzzerTarget.selected
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    target.run(bytes)
    return 0
}

/// Resolves the target named by `HERALD_FUZZ_TARGET` once.
enum LibFuzzerTarget {
    /// The selected target; exits with a message when the variable is missing or names no target.
    static let selected: FuzzTarget = {
        let name = getenv("HERALD_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = HeraldFuzz.target(named: name) else {
            let names = HeraldFuzz.targets.map(\.name).joined(separator: ", ")
            let message = Array("herald-libfuzzer: set HERALD_FUZZ_TARGET to one of: \(names)\n".utf8)
            message.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
            exit(2)
        }
        return target
    }()
}
