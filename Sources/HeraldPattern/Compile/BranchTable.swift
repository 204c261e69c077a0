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
        /// Ids excluded by the field's `anything-but` value list, `ids[excludeStart..<excludeEnd]`;
        /// meaningful only when `hasExclusion`.
        var excludeStart: Int32
        var excludeEnd: Int32
        var hasExclusion: Bool
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
                var exclusion: [Int32]?
                var exact: [Int32] = []
                let testStart = Int32(tests.count)
                for test in field.tests {
                    if case .anythingBut(let condition) = test, let excluded = Self.excludedValues(condition) {
                        let excludedIDs = excluded.map { values.intern($0) }
                        if exclusion == nil, excludedIDs.count <= 16 {
                            exclusion = excludedIDs
                        } else {
                            tests.append(.anythingButIDs(Set(excludedIDs)))
                        }
                    } else if case .ipAddress = test {
                        tests.append(test)
                    } else if let value = ValueTable.value(of: test) {
                        exact.append(values.intern(value))
                    } else {
                        tests.append(test)
                    }
                }
                let testEnd = Int32(tests.count)
                let idStart = Int32(ids.count)
                ids.append(contentsOf: exact)
                let excludeStart = Int32(ids.count)
                ids.append(contentsOf: exclusion ?? [])
                fields.append(Field(
                    field: field.field, idStart: idStart, idEnd: excludeStart, testStart: testStart, testEnd: testEnd,
                    excludeStart: excludeStart, excludeEnd: Int32(ids.count), hasExclusion: exclusion != nil,
                    allowsAbsent: field.allowsAbsent))
            }
            branches.append(Branch(rule: branch.rule, fieldStart: fieldStart, fieldEnd: Int32(fields.count)))
        }
    }

    var count: Int { branches.count }

    /// The exact values an `anything-but` value list excludes (`nil` for the operator forms).
    private static func excludedValues(_ condition: AnythingBut) -> [ValueTable.Value]? {
        switch condition {
        case .strings(let texts): return texts.map { .string($0) }
        case .numbers(let numbers): return numbers.map { .number($0 == 0 ? 0 : $0) }
        default: return nil
        }
    }

    /// Verifies candidate branches; returns the rule of each matching one (unsorted, maybe repeated).
    func matchingRules(_ candidates: [Int32], _ event: FlatEvent) -> [Int] {
        var matched: [Int] = []
        branches.withUnsafeBufferPointer { branches in
            fields.withUnsafeBufferPointer { fields in
                ids.withUnsafeBufferPointer { ids in
                    event.fields.withUnsafeBufferPointer { leafFields in
                        event.valueIDs.withUnsafeBufferPointer { valueIDs in
                            event.stepRanges.withUnsafeBufferPointer { stepRanges in
                                let view = View(
                                    fields: fields, ids: ids, leafFields: leafFields, valueIDs: valueIDs,
                                    stepRanges: stepRanges, table: self, event: event)
                                for candidate in candidates {
                                    let branch = branches[Int(candidate)]
                                    if view.matches(branch) { matched.append(Int(branch.rule)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return matched
    }

    /// Unsafe views of the table and one event for the duration of a verification pass.
    private struct View {
        let fields: UnsafeBufferPointer<Field>
        let ids: UnsafeBufferPointer<Int32>
        let leafFields: UnsafeBufferPointer<Int32>
        let valueIDs: UnsafeBufferPointer<Int32>
        let stepRanges: UnsafeBufferPointer<Range<Int32>>
        let table: BranchTable
        let event: FlatEvent

        @inline(__always)
        func leaves(of field: Int32) -> Range<Int> {
            var low = 0
            var high = leafFields.count
            while low < high {
                let mid = (low + high) &>> 1
                if leafFields[mid] < field { low = mid + 1 } else { high = mid }
            }
            var end = low
            while end < leafFields.count, leafFields[end] == field { end += 1 }
            return low..<end
        }

        @inline(__always)
        func leafMatches(_ field: Field, _ leaf: Int) -> Bool {
            let id = valueIDs[leaf]
            if id >= 0 {
                var position = Int(field.idStart)
                while position < Int(field.idEnd) {
                    if ids[position] == id { return true }
                    position += 1
                }
            }
            if field.hasExclusion {
                if id < 0 { return true }
                var excluded = false
                var position = Int(field.excludeStart)
                while position < Int(field.excludeEnd) {
                    if ids[position] == id {
                        excluded = true
                        break
                    }
                    position += 1
                }
                if !excluded { return true }
            }
            if field.testStart == field.testEnd { return false }
            return table.testsMatch(field, leaf, event)
        }

        func matches(_ branch: Branch) -> Bool {
            // A field with a matching leaf outside every array can use it without conflict, so the
            // consistency search is needed only when two or more fields match inside arrays only.
            var arrayOnlyFields = 0
            for fieldIndex in Int(branch.fieldStart)..<Int(branch.fieldEnd) {
                let field = fields[fieldIndex]
                let leaves = leaves(of: field.field)
                if leaves.isEmpty {
                    if field.allowsAbsent { continue }
                    return false
                }
                var matched = false
                var outsideArrays = false
                for leaf in leaves where leafMatches(field, leaf) {
                    matched = true
                    if stepRanges[leaf].isEmpty {
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
                let leaves = leaves(of: field.field)
                if leaves.isEmpty { continue }
                options.append(leaves.filter { leafMatches(field, $0) })
            }
            options.sort { $0.count < $1.count }
            var chosen: [Int] = []
            return BranchTable.choose(options, 0, &chosen, event)
        }
    }

    /// Whether a leaf satisfies one of the field's non-exact tests.
    func testsMatch(_ field: Field, _ leaf: Int, _ event: FlatEvent) -> Bool {
        let value = event.leaves[leaf]
        var position = Int(field.testStart)
        while position < Int(field.testEnd) {
            if tests[position].matches(value, id: event.valueIDs[leaf]) { return true }
            position += 1
        }
        return false
    }

    /// Backtracking search for one leaf per field, all pairwise compatible.
    fileprivate static func choose(_ options: [[Int]], _ depth: Int, _ chosen: inout [Int], _ event: FlatEvent) -> Bool {
        if depth == options.count { return true }
        for candidate in options[depth] where chosen.allSatisfy({ event.compatible($0, candidate) }) {
            chosen.append(candidate)
            if choose(options, depth + 1, &chosen, event) { return true }
            chosen.removeLast()
        }
        return false
    }
}
