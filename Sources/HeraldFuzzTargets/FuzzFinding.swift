#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An invariant violation found by a fuzz target: two implementations disagreed, or a round trip changed a value.
///
/// Targets report findings as values (``HeraldFuzz/check(_:_:)``) so the harness can record them and go on;
/// the libFuzzer-style entry points (`fuzzJSON(_:)` etc.) turn a finding into a `preconditionFailure`.
public struct FuzzFinding: Error, Sendable, Hashable, CustomStringConvertible {
    /// The target that found it.
    public let target: String
    /// A short, stable name for the invariant (used to tell distinct findings apart).
    public let invariant: String
    /// Details: the values that disagreed.
    public let detail: String

    /// Creates a finding.
    /// - Parameters:
    ///   - target: The target name.
    ///   - invariant: The invariant's short name.
    ///   - detail: What disagreed.
    public init(target: String, invariant: String, detail: String) {
        self.target = target
        self.invariant = invariant
        self.detail = detail
    }

    /// `target: invariant: detail`.
    public var description: String { "\(target): \(invariant): \(detail)" }

    /// Prints the finding to standard error and stops the process (what libFuzzer counts as a crash).
    ///
    /// The message is printed first because `-O` builds drop `preconditionFailure` messages.
    public func trap() -> Never {
        let message = Array("herald-fuzz invariant violated: \(description)\n".utf8)
        message.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
        preconditionFailure("invariant violated: \(description)")
    }
}
