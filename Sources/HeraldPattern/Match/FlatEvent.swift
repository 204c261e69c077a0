/// An event flattened to leaves at the field paths a rule set uses, sorted by field id, each with the
/// array elements it came from (for array consistency).
struct FlatEvent {
    /// Field id of each leaf, ascending.
    var fields: [Int32] = []
    /// The leaves, parallel to `fields`.
    var leaves: [EventLeaf] = []
    /// For each leaf, its ``ValueTable`` id or -1, parallel to `fields`.
    var valueIDs: [Int32] = []
    /// For each leaf, the range of its steps in `steps` (outermost array first).
    var stepRanges: [Range<Int32>] = []
    /// Array steps of all leaves.
    var steps: [ArrayStep] = []

    /// Whether any leaf came from inside an array.
    var hasArrays: Bool { !steps.isEmpty }

    /// The indices of the leaves at `field`.
    func leaves(of field: Int32) -> Range<Int> {
        var low = 0
        var high = fields.count
        while low < high {
            let mid = (low + high) / 2
            if fields[mid] < field { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < fields.count, fields[end] == field { end += 1 }
        return low..<end
    }

    /// Whether two leaves can be used together: they never come from different elements of one array.
    func compatible(_ first: Int, _ second: Int) -> Bool {
        let left = stepRanges[first]
        let right = stepRanges[second]
        var offset: Int32 = 0
        while left.lowerBound + offset < left.upperBound, right.lowerBound + offset < right.upperBound {
            let a = steps[Int(left.lowerBound + offset)]
            let b = steps[Int(right.lowerBound + offset)]
            if a.array != b.array { return true }
            if a.element != b.element { return false }
            offset += 1
        }
        return true
    }

    /// Sorts leaves by field id, keeping document order within a field.
    mutating func finish() {
        guard fields.count > 1 else { return }
        var sorted = true
        for index in 1..<fields.count where fields[index - 1] > fields[index] {
            sorted = false
            break
        }
        if sorted { return }
        let order = fields.indices.sorted { fields[$0] != fields[$1] ? fields[$0] < fields[$1] : $0 < $1 }
        fields = order.map { fields[$0] }
        leaves = order.map { leaves[$0] }
        valueIDs = order.map { valueIDs[$0] }
        stepRanges = order.map { stepRanges[$0] }
    }
}
