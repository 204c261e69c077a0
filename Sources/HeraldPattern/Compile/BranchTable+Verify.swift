extension BranchTable {
    /// Verifies candidate branches; returns the rule of each matching one (unsorted, maybe repeated).
    func matchingRules(_ candidates: [Int32], _ event: FlatEvent) -> [Int] {
        var matched: [Int] = []
        branches.withUnsafeBufferPointer { branches in
            fields.withUnsafeBufferPointer { fields in
                ids.withUnsafeBufferPointer { ids in
                    event.records.withUnsafeBufferPointer { records in
                        simple.withUnsafeBufferPointer { simple in
                            affixBytes.withUnsafeBufferPointer { affixBytes in
                                event.stringBytes.withUnsafeBufferPointer { stringBytes in
                                    let view = View(
                                        fields: fields, ids: ids, records: records, simple: simple,
                                        affixBytes: affixBytes, stringBytes: stringBytes, table: self, event: event)
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
        return matched
    }

    /// Unsafe views of the table and one event for the duration of a verification pass.
    struct View {
        /// The table's fields.
        let fields: UnsafeBufferPointer<Field>
        /// The table's id pool.
        let ids: UnsafeBufferPointer<Int32>
        /// The event's leaves.
        let records: UnsafeBufferPointer<FlatEvent.Record>
        /// The table's simple tests.
        let simple: UnsafeBufferPointer<SimpleTest>
        /// The table's affix bytes.
        let affixBytes: UnsafeBufferPointer<UInt8>
        /// The event's string bytes.
        let stringBytes: UnsafeBufferPointer<UInt8>
        /// The table (for the rare tests needing leaf values).
        let table: BranchTable
        /// The event (for the rare tests needing leaf values).
        let event: FlatEvent

        @inline(__always)
        func leaves(of field: Int32) -> Range<Int> {
            var low = 0
            var high = records.count
            while low < high {
                let mid = (low + high) &>> 1
                if records[mid].field < field { low = mid + 1 } else { high = mid }
            }
            var end = low
            while end < records.count, records[end].field == field { end += 1 }
            return low..<end
        }

        @inline(__always)
        func leafMatches(_ field: Field, _ leaf: Int) -> Bool {
            let id = records[leaf].valueID
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
                let value = records[leaf].number
                if value.isNaN { return false }
                guard test.lowerInclusive ? value >= test.lower : value > test.lower else { return false }
                return test.upperInclusive ? value <= test.upper : value < test.upper
            case .prefix, .suffix:
                let range = records[leaf].string
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

        /// Whether the event satisfies every field of the branch, with array-consistent leaves.
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
                    if records[leaf].frame < 0 {
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
                var seenFrames: Set<Int32> = []
                let matching = leaves.filter { leaf in
                    leafMatches(field, leaf) && seenFrames.insert(records[leaf].frame).inserted
                }
                // A leaf outside every array fits any choice: such a field constrains nothing.
                if seenFrames.contains(-1) { continue }
                options.append(matching)
            }
            if options.count <= ConsistencySolver.maximumFields {
                let frameOptions = options.map { list in list.map { records[$0].frame } }
                return ConsistencySolver.satisfiable(frameOptions, frames: event.frames)
            }
            options.sort { $0.count < $1.count }
            var chosen: [Int] = []
            var budget = BranchTable.consistencySearchBudget
            return BranchTable.choose(options, 0, &chosen, event, &budget)
        }
    }

    /// Whether a leaf satisfies one of the field's non-exact tests.
    func testsMatch(_ field: Field, _ leaf: Int, _ event: FlatEvent) -> Bool {
        let value = event.leaf(leaf)
        var position = Int(field.testStart)
        while position < Int(field.testEnd) {
            if tests[position].matches(value, id: event.valueID(leaf)) { return true }
            position += 1
        }
        return false
    }
}
