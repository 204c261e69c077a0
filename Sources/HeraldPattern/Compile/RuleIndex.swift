/// The candidate-generation indexes of a compiled rule set.
///
/// Each branch is filed under one "anchor" test that every matching event must satisfy: an exact
/// value, a prefix, a suffix, a numeric range (interval index), or the mere presence of a field.
/// Exact anchors are refined by a second indexable field of the same branch (e.g. `source` then
/// `detail-type`), so thousands of rules sharing one source cost only the few that also share the type.
/// Exact values are keyed by their ``ValueTable`` id.
struct RuleIndex: Sendable {
    /// Exact-value anchors: branches filed directly, plus refinements on a second field.
    struct Bucket: Sendable {
        /// Branches anchored on this value alone.
        var branches: [Int32] = []
        /// Second-level indexes for branches anchored on this value and another field.
        var refinements: [Refinement] = []
    }

    /// A second-level index on another field of the branches in a bucket.
    struct Refinement: Sendable {
        var field: Int32
        /// The index on that field.
        var index: ValueIndex
    }

    /// One field's indexes.
    struct FieldIndex: Sendable {
        /// Exact-value buckets by value id.
        var exact: [Int32: Bucket] = [:]
        /// Whether any key is an IP address (event IP strings then need a lookup).
        var hasIPAddress = false
        /// Prefix, suffix and numeric anchors.
        var values = ValueIndex()
        /// Branches anchored on the field merely having a leaf.
        var presence: [Int32] = []
    }

    /// Per-field indexes, by field id.
    var fields: [FieldIndex?] = []
    /// Branches with no anchor (every field allows absence): verified for every event.
    var always: [Int32] = []

    /// Adds every branch whose anchor the leaf at `index` satisfies.
    func collect(leaf index: Int, in event: FlatEvent, values: ValueTable, into candidates: inout CandidateSet) {
        let field = event.field(index)
        guard let fieldIndex = fields[Int(field)] else { return }
        if !fieldIndex.exact.isEmpty {
            let id = event.valueID(index)
            if id >= 0, let bucket = fieldIndex.exact[id] { visit(bucket, event, values, &candidates) }
            if fieldIndex.hasIPAddress, case .string(let text) = event.leaf(index) {
                ValueIndex.forEachAddressID(text, values) { id in
                    if let bucket = fieldIndex.exact[id] { visit(bucket, event, values, &candidates) }
                }
            }
        }
        fieldIndex.values.collect(leaf: index, in: event, values: values, into: &candidates)
    }

    private func visit(_ bucket: Bucket, _ event: FlatEvent, _ values: ValueTable, _ candidates: inout CandidateSet) {
        candidates.add(contentsOf: bucket.branches)
        for position in bucket.refinements.indices {
            for index in event.leaves(of: bucket.refinements[position].field) {
                bucket.refinements[position].index.collect(leaf: index, in: event, values: values, into: &candidates)
            }
        }
    }
}
