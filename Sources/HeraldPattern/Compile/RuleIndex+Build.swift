extension RuleIndex {
    /// Collects a ``ValueIndex``'s entries before freezing them.
    struct ValueIndexBuilder {
        /// Branches by exact value id.
        var exact: [Int32: [Int32]] = [:]
        /// Whether any key is an IP address.
        var hasIPAddress = false
        /// Prefix entries.
        var prefixes: [([UInt8], Int32)] = []
        /// Suffix entries (reversed bytes).
        var suffixes: [([UInt8], Int32)] = []
        /// Numeric range entries.
        var numeric: [(NumericRange, Int32)] = []

        /// Files `branch` under an indexable test (other tests are ignored).
        mutating func add(_ test: LeafTest, _ branch: Int32, _ values: inout ValueTable) {
            switch test {
            case .prefix(let bytes): prefixes.append((bytes, branch))
            case .suffix(let bytes): suffixes.append((bytes.reversed(), branch))
            case .numeric(let range): numeric.append((range, branch))
            default:
                guard let value = ValueTable.value(of: test) else { return }
                if case .ipAddress = value { hasIPAddress = true }
                exact[values.intern(value), default: []].append(branch)
            }
        }

        /// Freezes the collected entries.
        func build() -> ValueIndex {
            ValueIndex(
                exact: exact, hasIPAddress: hasIPAddress,
                prefixes: prefixes.isEmpty ? nil : ByteTrie(prefixes),
                suffixes: suffixes.isEmpty ? nil : ByteTrie(suffixes),
                numeric: numeric.isEmpty ? nil : IntervalIndex(numeric))
        }
    }

    /// Files every branch under its cheapest anchor (`plans[i][0]`), refined by its second cheapest
    /// when the anchor is exact.
    init(branches: [CompiledBranch], plans: [[AnchorPlanner.Anchor]], planner: AnchorPlanner, values valueTable: inout ValueTable) {
        fields = Array(repeating: nil, count: planner.fieldCount)
        var values: [Int32: ValueIndexBuilder] = [:]
        var refinements: [Int32: [ValueTable.Value: [Int32: ValueIndexBuilder]]] = [:]
        for (position, branch) in branches.enumerated() {
            let id = Int32(position)
            let anchors = plans[position]
            guard let primary = anchors.first else {
                // Presence of the most selective present-requiring field, else verify always.
                if let field = branch.fields.filter({ !$0.allowsAbsent }).min(by: {
                    planner.fieldCounts[Int($0.field)] < planner.fieldCounts[Int($1.field)]
                }) {
                    fields[Int(field.field), default: FieldIndex()].presence.append(id)
                } else {
                    always.append(id)
                }
                continue
            }
            let fieldID = primary.field.field
            if primary.exactOnly, anchors.count > 1 {
                let secondary = anchors[1].field
                for test in primary.field.tests {
                    guard let value = ValueTable.value(of: test) else { continue }
                    for secondTest in secondary.tests {
                        refinements[fieldID, default: [:]][value, default: [:]][secondary.field, default: ValueIndexBuilder()]
                            .add(secondTest, id, &valueTable)
                    }
                }
            } else {
                for test in primary.field.tests { values[fieldID, default: ValueIndexBuilder()].add(test, id, &valueTable) }
            }
        }
        for (field, builder) in values {
            var index = fields[Int(field)] ?? FieldIndex()
            let built = builder.build()
            for (id, list) in built.exact { index.exact[id, default: Bucket()].branches.append(contentsOf: list) }
            index.hasIPAddress = index.hasIPAddress || built.hasIPAddress
            index.values = ValueIndex(prefixes: built.prefixes, suffixes: built.suffixes, numeric: built.numeric)
            fields[Int(field)] = index
        }
        for (field, byValue) in refinements {
            var index = fields[Int(field)] ?? FieldIndex()
            for (value, byField) in byValue {
                if case .ipAddress = value { index.hasIPAddress = true }
                let id = valueTable.intern(value)
                for (secondField, builder) in byField.sorted(by: { $0.key < $1.key }) {
                    index.exact[id, default: Bucket()].refinements.append(Refinement(field: secondField, index: builder.build()))
                }
            }
            fields[Int(field)] = index
        }
    }
}

extension Array {
    /// Accesses an optional element, creating it with `defaultValue` on write.
    fileprivate subscript<Wrapped>(index: Int, default defaultValue: @autoclosure () -> Wrapped) -> Wrapped
    where Element == Wrapped? {
        get { self[index] ?? defaultValue() }
        set { self[index] = newValue }
    }
}
