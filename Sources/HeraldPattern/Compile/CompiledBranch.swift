/// One pattern branch compiled to field tests (the build-time form; see ``BranchTable``).
struct CompiledBranch: Sendable {
    /// One field test.
    struct Field: Sendable {
        var field: Int32
        var tests: [LeafTest]
        /// Whether the pattern array holds `exists: false` (satisfied when the path has no leaf).
        var allowsAbsent: Bool
    }

    /// The index of the rule this branch belongs to.
    var rule: Int32
    /// The field tests.
    var fields: [Field]
}
