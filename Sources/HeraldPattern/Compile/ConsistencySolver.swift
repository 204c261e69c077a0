/// Exact array-consistency check by dynamic programming over the event's tree of array frames.
///
/// Given, for each field, the frames of its matching leaves (all inside arrays), decides whether one
/// leaf per field can be chosen so that no array contributes two different elements. For a frame `X`,
/// the family of field sets satisfiable inside `X`'s subtree is the fields matching at `X` itself,
/// combined (set union) with one element's family per array directly below `X`; arrays are independent.
/// Families are downward closed, so they are stored as flags over all 2^k field masks and combined in
/// O(3^k); callers use this for small `k` only.
struct ConsistencySolver {
    /// The most fields the solver accepts (3^10 ≈ 59,000 steps per combination).
    static let maximumFields = 10

    /// Whether every field can be satisfied consistently; `options[i]` are the frames of field `i`.
    static func satisfiable(_ options: [[Int32]], frames: [ArrayFrame]) -> Bool {
        let fieldCount = options.count
        let size = 1 << fieldCount
        let full = size - 1
        // The frames involved (candidates and their ancestors), with the fields matching at each.
        var ownMask: [Int32: Int] = [:]
        for (field, list) in options.enumerated() {
            for frame in list {
                ownMask[frame, default: 0] |= 1 << field
                var ancestor = frames[Int(frame)].parent
                while ancestor >= 0, ownMask[ancestor] == nil {
                    ownMask[ancestor] = 0
                    ancestor = frames[Int(ancestor)].parent
                }
            }
        }
        // Children of each involved frame (and of the top, -1), grouped by array.
        var children: [Int32: [Int32: [Int32]]] = [:]
        for frame in ownMask.keys {
            let node = frames[Int(frame)]
            children[node.parent, default: [:]][node.array, default: []].append(frame)
        }
        var families: [Int32: [Bool]] = [:]
        let deepestFirst = ownMask.keys.sorted { frames[Int($0)].depth > frames[Int($1)].depth }
        func family(of node: Int32, own: Int) -> [Bool] {
            var result = (0..<size).map { $0 & ~own == 0 }
            for (_, elements) in children[node] ?? [:] {
                var group = [Bool](repeating: false, count: size)
                group[0] = true  // using no element of this array is always possible
                for element in elements {
                    guard let child = families[element] else { continue }
                    for mask in 0..<size where child[mask] { group[mask] = true }
                }
                result = combine(result, group, size)
            }
            return result
        }
        for frame in deepestFirst {
            families[frame] = family(of: frame, own: ownMask[frame] ?? 0)
        }
        return family(of: -1, own: 0)[full]
    }

    /// `{a ∪ b : a ∈ left, b ∈ right}` for downward-closed families.
    private static func combine(_ left: [Bool], _ right: [Bool], _ size: Int) -> [Bool] {
        var result = [Bool](repeating: false, count: size)
        for mask in 0..<size {
            var part = mask
            while true {
                if left[part], right[mask & ~part] {
                    result[mask] = true
                    break
                }
                if part == 0 { break }
                part = (part - 1) & mask
            }
        }
        return result
    }
}
