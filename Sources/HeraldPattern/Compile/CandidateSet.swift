/// The branches an event's leaves point at, each once, in discovery order.
struct CandidateSet {
    private var seen: [UInt64]
    /// The distinct branches added so far.
    private(set) var branches: [Int32] = []

    /// Creates an empty set for `branchCount` branches.
    init(branchCount: Int) {
        seen = [UInt64](repeating: 0, count: (branchCount + 63) / 64)
    }

    /// Adds a branch unless already present.
    @inline(__always)
    mutating func add(_ branch: Int32) {
        let word = Int(branch &>> 6)
        let bit = UInt64(1) &<< UInt64(branch & 63)
        if seen[word] & bit == 0 {
            seen[word] |= bit
            branches.append(branch)
        }
    }

    /// Adds every branch of a list.
    @inline(__always)
    mutating func add(contentsOf list: [Int32]) {
        for branch in list { add(branch) }
    }
}
