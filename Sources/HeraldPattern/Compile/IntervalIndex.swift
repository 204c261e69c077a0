/// An immutable interval index answering "which numeric ranges contain x?" in O(log n + k).
///
/// Ranges are sorted by lower bound and laid out as an implicit balanced tree (the middle of each
/// slice is the node); each node knows the largest upper bound in its slice, so whole slices are skipped.
struct IntervalIndex: Sendable {
    private var ranges: [NumericRange] = []
    private var lows: [Double] = []
    private var highs: [Double] = []
    private var branches: [Int32] = []
    private var maxHigh: [Double] = []

    /// Builds the index from `(range, branch)` pairs.
    init(_ entries: [(NumericRange, Int32)]) {
        let sorted = entries.sorted { ($0.0.lower?.value ?? -.infinity) < ($1.0.lower?.value ?? -.infinity) }
        ranges = sorted.map(\.0)
        branches = sorted.map(\.1)
        lows = ranges.map { $0.lower?.value ?? -.infinity }
        highs = ranges.map { $0.upper?.value ?? .infinity }
        maxHigh = highs
        _ = buildMax(0, ranges.count)
    }

    private mutating func buildMax(_ start: Int, _ end: Int) -> Double {
        guard start < end else { return -.infinity }
        let mid = (start + end) / 2
        let value = max(highs[mid], buildMax(start, mid), buildMax(mid + 1, end))
        maxHigh[mid] = value
        return value
    }

    /// Whether the index holds no range.
    var isEmpty: Bool { ranges.isEmpty }

    /// Adds the branch of every range containing `value`.
    func collect(containing value: Double, into candidates: inout CandidateSet) {
        visit(0, ranges.count, value, &candidates)
    }

    private func visit(_ start: Int, _ end: Int, _ value: Double, _ candidates: inout CandidateSet) {
        guard start < end else { return }
        let mid = (start + end) / 2
        if maxHigh[mid] < value { return }
        visit(start, mid, value, &candidates)
        guard lows[mid] <= value else { return }
        if ranges[mid].contains(value) { candidates.add(branches[mid]) }
        visit(mid + 1, end, value, &candidates)
    }
}
