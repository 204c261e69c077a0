extension RuleIndex {
    /// How a field test can serve as an anchor.
    private enum AnchorKind {
        case values
        case presence
    }

    /// Files every branch under its cheapest anchor.
    init(branches: [CompiledBranch], fieldCount: Int) {
        fields = Array(repeating: nil, count: fieldCount)
        var exactCounts: [ExactKey: Int] = [:]
        var fieldCounts = [Int](repeating: 0, count: fieldCount)
        for branch in branches {
            for field in branch.fields where !field.allowsAbsent {
                fieldCounts[Int(field.field)] += 1
                for test in field.tests {
                    if let value = Self.exactValue(of: test) { exactCounts[ExactKey(field: field.field, value: value), default: 0] += 1 }
                }
            }
        }
        var prefixEntries: [Int32: [([UInt8], Int32)]] = [:]
        var suffixEntries: [Int32: [([UInt8], Int32)]] = [:]
        var numericEntries: [Int32: [(NumericRange, Int32)]] = [:]
        for (branchIndex, branch) in branches.enumerated() {
            let id = Int32(branchIndex)
            var best: (cost: Double, field: CompiledBranch.Field, kind: AnchorKind)?
            for field in branch.fields where !field.allowsAbsent {
                var cost = 0.0
                var kind = AnchorKind.values
                for test in field.tests {
                    if let value = Self.exactValue(of: test) {
                        cost += Double(exactCounts[ExactKey(field: field.field, value: value)] ?? 1)
                    } else if case .prefix = test {
                        cost += 4 + Double(fieldCounts[Int(field.field)]) / 8
                    } else if case .suffix = test {
                        cost += 4 + Double(fieldCounts[Int(field.field)]) / 8
                    } else if case .numeric = test {
                        cost += 8 + Double(fieldCounts[Int(field.field)]) / 4
                    } else {
                        kind = .presence
                    }
                }
                if case .presence = kind { cost = 16 + Double(fieldCounts[Int(field.field)]) }
                if let current = best, current.cost <= cost { continue }
                best = (cost, field, kind)
            }
            guard let anchor = best else {
                always.append(id)
                continue
            }
            let fieldID = anchor.field.field
            var fieldIndex = fields[Int(fieldID)] ?? FieldIndex()
            switch anchor.kind {
            case .presence:
                fieldIndex.presence.append(id)
            case .values:
                for test in anchor.field.tests {
                    switch test {
                    case .prefix(let bytes): prefixEntries[fieldID, default: []].append((bytes, id))
                    case .suffix(let bytes): suffixEntries[fieldID, default: []].append((bytes.reversed(), id))
                    case .numeric(let range): numericEntries[fieldID, default: []].append((range, id))
                    default:
                        guard let value = Self.exactValue(of: test) else { continue }
                        if case .ipAddress = value { fieldIndex.hasIPAddress = true } else { fieldIndex.hasExact = true }
                        exact[ExactKey(field: fieldID, value: value), default: []].append(id)
                    }
                }
            }
            fields[Int(fieldID)] = fieldIndex
        }
        for (field, entries) in prefixEntries { fields[Int(field)]?.prefixes = ByteTrie(entries) }
        for (field, entries) in suffixEntries { fields[Int(field)]?.suffixes = ByteTrie(entries) }
        for (field, entries) in numericEntries { fields[Int(field)]?.numeric = IntervalIndex(entries) }
    }
}
