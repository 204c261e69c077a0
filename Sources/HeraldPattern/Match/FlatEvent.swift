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
        /// Its innermost array frame in `frames`, or -1 outside arrays.
        var frame: Int32
        /// Its UTF-8 bytes in `stringBytes` if it is a string, else `-1..<-1`.
        var string: Range<Int32>
        /// Its value if it is a comparable number, else NaN.
        var number: Double
    }

    /// The leaves' columns, sorted by field id (document order within a field) after ``finish()``.
    private(set) var records: [Record] = []
    /// The leaf values in document order.
    private(set) var leaves: [EventLeaf] = []
    /// Array element visits, shared by the leaves below them.
    private(set) var frames: [ArrayFrame] = []
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
    ///
    /// Their frame chains share a common ancestry; where they first differ, the two frames are siblings,
    /// and they conflict exactly when those siblings are elements of the same array.
    func compatible(_ first: Int, _ second: Int) -> Bool {
        var left = records[first].frame
        var right = records[second].frame
        if left < 0 || right < 0 { return true }
        while frames[Int(left)].depth > frames[Int(right)].depth { left = frames[Int(left)].parent }
        while frames[Int(right)].depth > frames[Int(left)].depth { right = frames[Int(right)].parent }
        // Same depth now; one chain was a prefix of the other if they meet immediately.
        while left != right {
            let leftParent = frames[Int(left)].parent
            let rightParent = frames[Int(right)].parent
            if leftParent == rightParent { return frames[Int(left)].array != frames[Int(right)].array }
            left = leftParent
            right = rightParent
        }
        return true
    }

    /// Opens a frame for one element of an array below `parent` (-1 at the top) and returns its id.
    mutating func enterElement(parent: Int32, array: Int32, element: Int32) -> Int32 {
        let depth = parent < 0 ? 1 : frames[Int(parent)].depth + 1
        frames.append(ArrayFrame(parent: parent, array: array, element: element, depth: depth))
        return Int32(frames.count - 1)
    }

    /// Appends a leaf with its derived columns.
    mutating func append(field: Int32, leaf: EventLeaf, valueID: Int32, frame: Int32) {
        var record = Record(
            field: field, valueID: valueID, leaf: Int32(leaves.count), frame: frame, string: -1..<(-1), number: .nan)
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
