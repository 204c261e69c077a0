/// One fuzz target: a named function from arbitrary bytes to an optional ``FuzzFinding``.
///
/// A target must never crash on any input and must return `nil` unless an invariant failed.
public struct FuzzTarget: Sendable {
    /// The target's name (also the corpus directory name under `Tests/Fuzz/corpus/`).
    public let name: String
    /// What the target exercises.
    public let summary: String
    /// Inputs are cut to this many bytes before running (keeps the reference oracles affordable).
    public let maximumInputLength: Int
    private let body: @Sendable ([UInt8]) -> FuzzFinding?
    private let acceptance: (@Sendable ([UInt8]) -> Bool)?
    private let knownCrash: (@Sendable ([UInt8]) -> Bool)?

    /// Creates a target.
    /// - Parameters:
    ///   - name: The name.
    ///   - summary: A one-line description.
    ///   - maximumInputLength: Longer inputs are truncated.
    ///   - accepts: Whether the code under test accepts an input past its first parser (for the harness's
    ///     "accepted" figure: blind mutation mostly produces inputs the first parser rejects).
    ///   - knownCrash: Recognizes inputs that hit an open, already reported crash in the code under test, so
    ///     long runs (and CI) can skip them and keep exploring; `nil` when there is none.
    ///   - body: The check; returns a finding or `nil`.
    public init(
        name: String, summary: String, maximumInputLength: Int, accepts: (@Sendable ([UInt8]) -> Bool)? = nil,
        knownCrash: (@Sendable ([UInt8]) -> Bool)? = nil, body: @escaping @Sendable ([UInt8]) -> FuzzFinding?
    ) {
        self.knownCrash = knownCrash
        self.name = name
        self.summary = summary
        self.maximumInputLength = maximumInputLength
        self.acceptance = accepts
        self.body = body
    }

    /// Whether the input would hit an open, already reported crash (see `Tests/Fuzz/crashes/`).
    /// - Parameter data: The input bytes.
    public func hitsKnownCrash(_ data: [UInt8]) -> Bool {
        knownCrash?(data.count > maximumInputLength ? Array(data.prefix(maximumInputLength)) : data) ?? false
    }

    /// Whether the input gets past the first parser, or `nil` when the target does not say.
    /// - Parameter data: The input bytes.
    public func accepts(_ data: [UInt8]) -> Bool? {
        acceptance?(data.count > maximumInputLength ? Array(data.prefix(maximumInputLength)) : data)
    }

    /// Runs the target on one input (truncated to ``maximumInputLength``).
    /// - Parameter data: The input bytes.
    /// - Returns: The first invariant violation found, or `nil`.
    public func check(_ data: [UInt8]) -> FuzzFinding? {
        body(data.count > maximumInputLength ? Array(data.prefix(maximumInputLength)) : data)
    }

    /// Runs the target and traps on a finding (the libFuzzer contract).
    /// - Parameter data: The input bytes.
    public func run(_ data: [UInt8]) {
        if let finding = check(data) { finding.trap() }
    }
}
