/// Chooses, for each branch, the field tests that can anchor it in the index, cheapest first.
struct AnchorPlanner {
    /// A field whose every test is indexable, with an estimated candidate cost.
    struct Anchor {
        /// The field test.
        var field: CompiledBranch.Field
        /// Estimated candidates per matching event.
        var cost: Double
        /// Whether every test is an exact value (so it can be refined).
        var exactOnly: Bool
    }

    /// The number of distinct field paths.
    let fieldCount: Int
    /// How many branches require a leaf at each field.
    private(set) var fieldCounts: [Int]
    private var exactCounts: [Int32: [ValueTable.Value: Int]] = [:]

    /// Counts how often each field and exact value is required.
    init(branches: [CompiledBranch], fieldCount: Int) {
        self.fieldCount = fieldCount
        fieldCounts = [Int](repeating: 0, count: fieldCount)
        for branch in branches {
            for field in branch.fields where !field.allowsAbsent {
                fieldCounts[Int(field.field)] += 1
                for test in field.tests {
                    if let value = ValueTable.value(of: test) { exactCounts[field.field, default: [:]][value, default: 0] += 1 }
                }
            }
        }
    }

    /// The anchors of a branch, cheapest first (empty if no field is indexable).
    func anchors(of branch: CompiledBranch) -> [Anchor] {
        branch.fields.compactMap(anchor).sorted { $0.cost < $1.cost }
    }

    private func anchor(_ field: CompiledBranch.Field) -> Anchor? {
        guard !field.allowsAbsent else { return nil }
        var cost = 0.0
        var exactOnly = true
        let share = Double(fieldCounts[Int(field.field)])
        for test in field.tests {
            if let value = ValueTable.value(of: test) {
                cost += Double(exactCounts[field.field]?[value] ?? 1)
                continue
            }
            exactOnly = false
            switch test {
            case .prefix, .suffix: cost += 4 + share / 8
            case .numeric: cost += 8 + share / 4
            default: return nil
            }
        }
        return Anchor(field: field, cost: cost, exactOnly: exactOnly)
    }
}
