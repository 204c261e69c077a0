/// An event flattened to leaves at the field paths a rule set uses, sorted by field id, each with the
/// array elements it came from (for array consistency).
struct FlatEvent {
    /// One leaf's plain-value columns.
    struct Record: Sendable {
        /// The field id.
        var field: Int32
        /// The leaf's ``ValueTable`` id, or -1.
        var valueID: Int32
        /// Index into `leaves` (document order).
        var leaf: Int32
        /// Its array steps in `steps` (outermost first); empty outside arrays.
        var steps: Range<Int32>
        /// Its UTF-8 bytes in `stringBytes` if it is a string, else `-1..<-1`.
        var string: Range<Int32>
        /// Its value if it is a comparable number, else NaN.
        var number: Double
    }

    /// The leaves' columns, sorted by field id (document order within a field) after ``finish()``.
    private(set) var records: [Record] = []
    /// The leaf values in document order.
    private(set) var leaves: [EventLeaf] = []
    /// Array steps of all leaves.
    private(set) var steps: [ArrayStep] = []
    /// UTF-8 bytes of the string leaves.
    private(set) var stringBytes: [UInt8] = []

    init() {
        records.reserveCapacity(32)
        leaves.reserveCapacity(32)
        stringBytes.reserveCapacity(256)
    }

    /// The number of leaves.
    var count: Int { records.count }

    /// The field id of the leaf at sorted position `index`.
    func field(_ index: Int) -> Int32 { records[index].field }

    /// The value id of the leaf at sorted position `index`.
    func valueID(_ index: Int) -> Int32 { records[index].valueID }

    /// The value of the leaf at sorted position `index`.
    func leaf(_ index: Int) -> EventLeaf { leaves[Int(records[index].leaf)] }

    /// The sorted positions of the leaves at `field`.
    func leaves(of field: Int32) -> Range<Int> {
        var low = 0
        var high = records.count
        while low < high {
            let mid = (low + high) / 2
            if records[mid].field < field { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < records.count, records[end].field == field { end += 1 }
        return low..<end
    }

    /// Whether two leaves can be used together: they never come from different elements of one array.
    func compatible(_ first: Int, _ second: Int) -> Bool {
        let left = records[first].steps
        let right = records[second].steps
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
        var record = Record(
            field: field, valueID: valueID, leaf: Int32(leaves.count), steps: start..<Int32(steps.count),
            string: -1..<(-1), number: .nan)
        switch leaf {
        case .string(let text):
            let begin = Int32(stringBytes.count)
            stringBytes.append(contentsOf: text.utf8)
            record.string = begin..<Int32(stringBytes.count)
        case .number(let number):
            record.number = number.value ?? .nan
        case .bool, .null:
            break
        }
        records.append(record)
        leaves.append(leaf)
    }

    /// Sorts leaves by field id, keeping document order within a field.
    mutating func finish() {
        guard records.count > 1 else { return }
        for index in 1..<records.count where records[index - 1].field > records[index].field {
            records.sort { $0.field != $1.field ? $0.field < $1.field : $0.leaf < $1.leaf }
            return
        }
    }
}
