/// An event flattened to leaves at the field paths a rule set uses, sorted by field id, each with the
/// array elements it came from (for array consistency).
struct FlatEvent {
    /// Field id of each leaf, ascending.
    var fields: [Int32] = []
    /// The leaves, parallel to `fields`.
    var leaves: [EventLeaf] = []
    /// For each leaf, its ``ValueTable`` id or -1, parallel to `fields`.
    var valueIDs: [Int32] = []
    /// For each leaf, its comparable number value, or NaN.
    var numbers: [Double] = []
    /// For each leaf that is a string, its UTF-8 bytes in `stringBytes`; `-1..<-1` otherwise.
    var stringRanges: [Range<Int32>] = []
    /// UTF-8 bytes of the string leaves.
    var stringBytes: [UInt8] = []
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

    /// Appends a leaf with its derived columns.
    mutating func append(field: Int32, leaf: EventLeaf, valueID: Int32, steps path: [ArrayStep]) {
        let start = Int32(steps.count)
        steps.append(contentsOf: path)
        stepRanges.append(start..<Int32(steps.count))
        fields.append(field)
        leaves.append(leaf)
        valueIDs.append(valueID)
        switch leaf {
        case .string(let text):
            let begin = Int32(stringBytes.count)
            stringBytes.append(contentsOf: text.utf8)
            stringRanges.append(begin..<Int32(stringBytes.count))
            numbers.append(.nan)
        case .number(let number):
            stringRanges.append(-1..<(-1))
            numbers.append(number.value ?? .nan)
        case .bool, .null:
            stringRanges.append(-1..<(-1))
            numbers.append(.nan)
        }
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
        numbers = order.map { numbers[$0] }
        stringRanges = order.map { stringRanges[$0] }
        stepRanges = order.map { stepRanges[$0] }
    }
}
