/// One pattern branch compiled for verification against a flattened event.
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

    /// Whether the event satisfies every field, with leaves that are pairwise array-consistent.
    func matches(_ event: FlatEvent) -> Bool {
        if !event.hasArrays {
            for field in fields {
                let leaves = event.leaves(of: field.field)
                if leaves.isEmpty {
                    if field.allowsAbsent { continue }
                    return false
                }
                guard leaves.contains(where: { index in field.tests.contains { $0.matches(event.leaves[index]) } })
                else { return false }
            }
            return true
        }
        var options: [[Int]] = []
        options.reserveCapacity(fields.count)
        for field in fields {
            let leaves = event.leaves(of: field.field)
            if leaves.isEmpty {
                if field.allowsAbsent { continue }
                return false
            }
            let matching = leaves.filter { index in field.tests.contains { $0.matches(event.leaves[index]) } }
            if matching.isEmpty { return false }
            options.append(matching)
        }
        options.sort { $0.count < $1.count }
        var chosen: [Int] = []
        return Self.choose(options, 0, &chosen, event)
    }

    /// Backtracking search for one leaf per field, all pairwise compatible.
    private static func choose(_ options: [[Int]], _ depth: Int, _ chosen: inout [Int], _ event: FlatEvent) -> Bool {
        if depth == options.count { return true }
        for candidate in options[depth] where chosen.allSatisfy({ event.compatible($0, candidate) }) {
            chosen.append(candidate)
            if choose(options, depth + 1, &chosen, event) { return true }
            chosen.removeLast()
        }
        return false
    }
}
