/// All compiled branches in flat arrays of plain values, for verification without reference counting.
struct BranchTable: Sendable {
    struct Branch: Sendable {
        var rule: Int32
        var fieldStart: Int32
        var fieldEnd: Int32
    }

    struct Field: Sendable {
        var field: Int32
        /// Exact-value ids (into ``ValueTable``) accepted by this field: `ids[idStart..<idEnd]`.
        var idStart: Int32
        var idEnd: Int32
        /// Other tests: `tests[testStart..<testEnd]`.
        var testStart: Int32
        var testEnd: Int32
        /// Whether the pattern array holds `exists: false`.
        var allowsAbsent: Bool
    }

    private(set) var branches: [Branch] = []
    private var fields: [Field] = []
    private var ids: [Int32] = []
    private var tests: [LeafTest] = []

    /// Builds the table; exact tests become value ids, IP-literal tests stay range tests.
    init(_ compiled: [CompiledBranch], values: inout ValueTable) {
        for branch in compiled {
            let fieldStart = Int32(fields.count)
            for field in branch.fields {
                let idStart = Int32(ids.count)
                let testStart = Int32(tests.count)
                for test in field.tests {
                    if case .ipAddress = test {
                        tests.append(test)
                    } else if let value = ValueTable.value(of: test) {
                        ids.append(values.intern(value))
                    } else {
                        tests.append(test)
                    }
                }
                fields.append(Field(
                    field: field.field, idStart: idStart, idEnd: Int32(ids.count), testStart: testStart,
                    testEnd: Int32(tests.count), allowsAbsent: field.allowsAbsent))
            }
            branches.append(Branch(rule: branch.rule, fieldStart: fieldStart, fieldEnd: Int32(fields.count)))
        }
    }

    var count: Int { branches.count }

    @inline(__always)
    private func leafMatches(_ field: Field, _ leaf: Int, _ event: FlatEvent) -> Bool {
        let id = event.valueIDs[leaf]
        if id >= 0 {
            var position = Int(field.idStart)
            while position < Int(field.idEnd) {
                if ids[position] == id { return true }
                position += 1
            }
        }
        var position = Int(field.testStart)
        while position < Int(field.testEnd) {
            if tests[position].matches(event.leaves[leaf]) { return true }
            position += 1
        }
        return false
    }

    /// Whether the event satisfies every field of the branch, with array-consistent leaves.
    func matches(_ branchIndex: Int, _ event: FlatEvent) -> Bool {
        let branch = branches[branchIndex]
        // A field with a matching leaf outside every array can use it without conflict, so the
        // consistency search is needed only when two or more fields match inside arrays only.
        var arrayOnlyFields = 0
        for fieldIndex in Int(branch.fieldStart)..<Int(branch.fieldEnd) {
            let field = fields[fieldIndex]
            let leaves = event.leaves(of: field.field)
            if leaves.isEmpty {
                if field.allowsAbsent { continue }
                return false
            }
            var matched = false
            var outsideArrays = false
            for leaf in leaves where leafMatches(field, leaf, event) {
                matched = true
                if event.stepRanges[leaf].isEmpty {
                    outsideArrays = true
                    break
                }
            }
            if !matched { return false }
            if !outsideArrays { arrayOnlyFields += 1 }
        }
        if arrayOnlyFields <= 1 { return true }
        var options: [[Int]] = []
        for fieldIndex in Int(branch.fieldStart)..<Int(branch.fieldEnd) {
            let field = fields[fieldIndex]
            let leaves = event.leaves(of: field.field)
            if leaves.isEmpty { continue }
            options.append(leaves.filter { leafMatches(field, $0, event) })
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
