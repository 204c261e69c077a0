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
        /// Numeric, prefix and suffix tests: `simple[simpleStart..<simpleEnd]`.
        var simpleStart: Int32
        var simpleEnd: Int32
        /// Whether the pattern array holds `exists: false`.
        var allowsAbsent: Bool
    }

    /// A numeric range, prefix or suffix test as plain values (bytes live in `affixBytes`).
    struct SimpleTest: Sendable {
        enum Kind: UInt8, Sendable { case numeric, prefix, suffix }
        var kind: Kind
        var lower: Double = -.infinity
        var lowerInclusive = true
        var upper: Double = .infinity
        var upperInclusive = true
        var byteStart: Int32 = 0
        var byteEnd: Int32 = 0
    }

    private(set) var branches: [Branch] = []
    private var fields: [Field] = []
    private var ids: [Int32] = []
    private var tests: [LeafTest] = []
    private var simple: [SimpleTest] = []
    private var affixBytes: [UInt8] = []

    /// Builds the table; exact tests become value ids, IP-literal tests stay range tests.
    init(_ compiled: [CompiledBranch], values: inout ValueTable) {
        for branch in compiled {
            let fieldStart = Int32(fields.count)
            for field in branch.fields {
                var exclusion: [Int32]?
                var exact: [Int32] = []
                let testStart = Int32(tests.count)
                let simpleStart = Int32(simple.count)
                for test in field.tests {
                    if let simpleTest = simpleTest(test) {
                        simple.append(simpleTest)
                    } else if case .anythingBut(let condition) = test, let excluded = Self.excludedValues(condition) {
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
                    simpleStart: simpleStart, simpleEnd: Int32(simple.count), allowsAbsent: field.allowsAbsent))
            }
            branches.append(Branch(rule: branch.rule, fieldStart: fieldStart, fieldEnd: Int32(fields.count)))
        }
    }

    var count: Int { branches.count }

    /// The plain-value form of a numeric, prefix or suffix test (storing affix bytes), else `nil`.
    private mutating func simpleTest(_ test: LeafTest) -> SimpleTest? {
        switch test {
        case .numeric(let range):
            var result = SimpleTest(kind: .numeric)
            if let lower = range.lower {
                result.lower = lower.value
                result.lowerInclusive = lower.inclusive
            }
            if let upper = range.upper {
                result.upper = upper.value
                result.upperInclusive = upper.inclusive
            }
            return result
        case .prefix(let bytes), .suffix(let bytes):
            let start = Int32(affixBytes.count)
            affixBytes.append(contentsOf: bytes)
            var kind = SimpleTest.Kind.prefix
            if case .suffix = test { kind = .suffix }
            return SimpleTest(kind: kind, byteStart: start, byteEnd: Int32(affixBytes.count))
        default:
            return nil
        }
    }

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
                                simple.withUnsafeBufferPointer { simple in
                                    affixBytes.withUnsafeBufferPointer { affixBytes in
                                        event.numbers.withUnsafeBufferPointer { numbers in
                                            event.stringRanges.withUnsafeBufferPointer { stringRanges in
                                                event.stringBytes.withUnsafeBufferPointer { stringBytes in
                                                    let view = View(
                                                        fields: fields, ids: ids, leafFields: leafFields, valueIDs: valueIDs,
                                                        stepRanges: stepRanges, simple: simple, affixBytes: affixBytes,
                                                        numbers: numbers, stringRanges: stringRanges, stringBytes: stringBytes,
                                                        table: self, event: event)
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
        let simple: UnsafeBufferPointer<SimpleTest>
        let affixBytes: UnsafeBufferPointer<UInt8>
        let numbers: UnsafeBufferPointer<Double>
        let stringRanges: UnsafeBufferPointer<Range<Int32>>
        let stringBytes: UnsafeBufferPointer<UInt8>
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
            var position = Int(field.simpleStart)
            while position < Int(field.simpleEnd) {
                if simpleMatches(simple[position], leaf) { return true }
                position += 1
            }
            if field.testStart == field.testEnd { return false }
            return table.testsMatch(field, leaf, event)
        }

        @inline(__always)
        func simpleMatches(_ test: SimpleTest, _ leaf: Int) -> Bool {
            switch test.kind {
            case .numeric:
                let value = numbers[leaf]
                if value.isNaN { return false }
                guard test.lowerInclusive ? value >= test.lower : value > test.lower else { return false }
                return test.upperInclusive ? value <= test.upper : value < test.upper
            case .prefix, .suffix:
                let range = stringRanges[leaf]
                guard range.lowerBound >= 0 else { return false }
                let length = Int(test.byteEnd - test.byteStart)
                guard Int(range.upperBound - range.lowerBound) >= length else { return false }
                let offset = test.kind == .prefix ? Int(range.lowerBound) : Int(range.upperBound) - length
                var index = 0
                while index < length {
                    if stringBytes[offset + index] != affixBytes[Int(test.byteStart) + index] { return false }
                    index += 1
                }
                return true
            }
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
