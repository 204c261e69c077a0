/// All compiled branches in flat arrays of plain values, for verification without reference counting.
struct BranchTable: Sendable {
    /// One branch: its rule and its fields `fields[fieldStart..<fieldEnd]`.
    struct Branch: Sendable {
        /// The rule index.
        var rule: Int32
        /// The first field.
        var fieldStart: Int32
        /// One past the last field.
        var fieldEnd: Int32
    }

    /// One field test of a branch, as ranges into the shared pools.
    struct Field: Sendable {
        /// The field id.
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
        /// Which comparison a simple test performs.
        enum Kind: UInt8, Sendable { case numeric, prefix, suffix }
        /// The comparison.
        var kind: Kind
        /// Lower bound (numeric).
        var lower: Double = -.infinity
        /// Whether the lower bound is included.
        var lowerInclusive = true
        /// Upper bound (numeric).
        var upper: Double = .infinity
        /// Whether the upper bound is included.
        var upperInclusive = true
        /// Start of the affix in `affixBytes` (prefix/suffix).
        var byteStart: Int32 = 0
        /// End of the affix in `affixBytes`.
        var byteEnd: Int32 = 0
    }

    /// The branches, in index (anchor) order.
    private(set) var branches: [Branch] = []
    /// Field tests of all branches.
    private(set) var fields: [Field] = []
    /// Value ids of exact tests and exclusions.
    private(set) var ids: [Int32] = []
    /// Tests that need the leaf value (ignore-case, wildcard, cidr, IP…).
    private(set) var tests: [LeafTest] = []
    /// Numeric, prefix and suffix tests.
    private(set) var simple: [SimpleTest] = []
    /// Bytes of the prefix and suffix tests.
    private(set) var affixBytes: [UInt8] = []

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

    /// The number of branches.
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

    /// The most compatibility checks one branch's array-consistency search may make; an event so
    /// adversarial that the search needs more is treated as not matching that branch.
    static let consistencySearchBudget = 200_000

    /// Backtracking search for one leaf per field, all pairwise compatible (leaves sharing an array
    /// frame are interchangeable, so callers pass one leaf per distinct frame).
    static func choose(
        _ options: [[Int]], _ depth: Int, _ chosen: inout [Int], _ event: FlatEvent, _ budget: inout Int
    ) -> Bool {
        if depth == options.count { return true }
        for candidate in options[depth] {
            budget -= chosen.count + 1
            if budget < 0 { return false }
            guard chosen.allSatisfy({ event.compatible($0, candidate) }) else { continue }
            chosen.append(candidate)
            if choose(options, depth + 1, &chosen, event, &budget) { return true }
            chosen.removeLast()
        }
        return false
    }

}
