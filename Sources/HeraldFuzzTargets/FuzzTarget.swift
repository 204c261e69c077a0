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

    /// Creates a target.
    /// - Parameters:
    ///   - name: The name.
    ///   - summary: A one-line description.
    ///   - maximumInputLength: Longer inputs are truncated.
    ///   - body: The check; returns a finding or `nil`.
    public init(
        name: String, summary: String, maximumInputLength: Int, body: @escaping @Sendable ([UInt8]) -> FuzzFinding?
    ) {
        self.name = name
        self.summary = summary
        self.maximumInputLength = maximumInputLength
        self.body = body
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
