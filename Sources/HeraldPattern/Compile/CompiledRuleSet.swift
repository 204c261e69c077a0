public import HeraldJSON

/// An immutable, thread-safe matcher for a set of rules: "which rules match this event?".
///
/// Built once from `(rule id, pattern)` pairs; swap in a new instance to change rules. Each branch of
/// each pattern is filed under one anchor test (an exact value, a prefix, a suffix, a numeric range in an
/// interval index, or the mere presence of a field), so an event only verifies branches whose anchor it
/// satisfies: the cost per event follows the number of plausible rules, not the number of rules.
/// The event is flattened once, visiting only the paths some rule uses.
public struct CompiledRuleSet<RuleID: Hashable & Sendable>: Sendable {
    /// The rule ids, in the order given; results come back in this order.
    public let ruleIDs: [RuleID]
    private let trie: PathTrie
    private let branches: BranchTable
    private let index: RuleIndex
    private let values: ValueTable

    /// Compiles rules. Ids should be unique; a repeated id is reported once per matching entry.
    public init(rules: some Sequence<(RuleID, EventPattern)>) {
        var ids: [RuleID] = []
        var fieldIDs: [ByteString: Int32] = [:]
        var trie = PathTrie()
        var compiled: [CompiledBranch] = []
        for (ruleIndex, (id, pattern)) in rules.enumerated() {
            ids.append(id)
            for branch in pattern.branches {
                var fields: [CompiledBranch.Field] = []
                for field in branch.fields {
                    let key = ByteString(field.path)
                    let fieldID: Int32
                    if let existing = fieldIDs[key] {
                        fieldID = existing
                    } else {
                        fieldID = Int32(fieldIDs.count)
                        fieldIDs[key] = fieldID
                        trie.insert(path: field.path, field: fieldID)
                    }
                    let allowsAbsent = field.matchers.contains(.exists(false))
                    fields.append(.init(field: fieldID, tests: field.matchers.compactMap(LeafTest.init), allowsAbsent: allowsAbsent))
                }
                compiled.append(CompiledBranch(rule: Int32(ruleIndex), fields: fields))
            }
        }
        // Order branches by anchor so the branches one index entry points at sit next to each other
        // in the verification table (fewer cache misses with thousands of rules).
        var values = ValueTable()
        let planner = AnchorPlanner(branches: compiled, fieldCount: fieldIDs.count)
        let plans = compiled.map(planner.anchors)
        func key(_ anchor: AnchorPlanner.Anchor?) -> (Int32, Int32) {
            guard let anchor else { return (Int32.max, -1) }
            let first = anchor.field.tests.lazy.compactMap(ValueTable.value(of:)).first
            return (anchor.field.field, first.map { values.intern($0) } ?? -1)
        }
        let keys = plans.map { plan in (key(plan.first), key(plan.count > 1 ? plan[1] : nil)) }
        let order = compiled.indices.sorted { left, right in
            let a = keys[left]
            let b = keys[right]
            return (a.0.0, a.0.1, a.1.0, a.1.1, left) < (b.0.0, b.0.1, b.1.0, b.1.1, right)
        }
        let ordered = order.map { compiled[$0] }
        self.ruleIDs = ids
        self.trie = trie
        self.index = RuleIndex(branches: ordered, plans: order.map { plans[$0] }, planner: planner, values: &values)
        self.branches = BranchTable(ordered, values: &values)
        self.values = values
    }

    /// The number of rules.
    public var count: Int { ruleIDs.count }

    /// The ids of the rules matching a parsed event, in rule order.
    @inlinable
    public func matchingRules(for event: JSONValue) -> [RuleID] {
        ids(of: matchingRuleIndices(for: event))
    }

    /// The ids of the rules matching an event given as JSON bytes, in rule order.
    ///
    /// The event is read once, straight from the bytes; subtrees no rule looks at are validated and
    /// skipped without being built.
    /// - Throws: ``JSONError`` if the event is not valid JSON.
    @inlinable
    public func matchingRules(forEvent bytes: some Collection<UInt8>) throws(JSONError) -> [RuleID] {
        ids(of: try matchingRuleIndices(forEvent: Array(bytes)))
    }

    /// The ids of the rules matching an event given as JSON text, in rule order.
    /// - Throws: ``JSONError`` if the event is not valid JSON.
    @inlinable
    public func matchingRules(forEvent text: String) throws(JSONError) -> [RuleID] {
        ids(of: try matchingRuleIndices(forEvent: Array(text.utf8)))
    }

    /// The positions in ``ruleIDs`` of the rules matching a parsed event, ascending.
    public func matchingRuleIndices(for event: JSONValue) -> [Int] {
        matchingRuleIndices(EventFlattener.flatten(event, trie: trie, values: values))
    }

    /// The positions in ``ruleIDs`` of the rules matching an event given as JSON bytes, ascending.
    /// - Throws: ``JSONError`` if the event is not valid JSON.
    public func matchingRuleIndices(forEvent bytes: [UInt8]) throws(JSONError) -> [Int] {
        matchingRuleIndices(try ByteEventFlattener.flatten(bytes, trie: trie, values: values))
    }

    /// The ids at the given positions.
    @inlinable
    func ids(of indices: [Int]) -> [RuleID] {
        var result: [RuleID] = []
        result.reserveCapacity(indices.count)
        for index in indices { result.append(ruleIDs[index]) }
        return result
    }

    /// Indices (into ``ruleIDs``) of the rules matching a flattened event, ascending.
    func matchingRuleIndices(_ event: FlatEvent) -> [Int] {
        var candidates = CandidateSet(branchCount: branches.count)
        candidates.add(contentsOf: index.always)
        var previousField: Int32 = -1
        for leaf in 0..<event.count {
            index.collect(leaf: leaf, in: event, values: values, into: &candidates)
            let field = event.field(leaf)
            if field != previousField {
                previousField = field
                if let presence = index.fields[Int(field)]?.presence { candidates.add(contentsOf: presence) }
            }
        }
        var matched = branches.matchingRules(candidates.branches, event)
        if matched.count > 1 {
            matched.sort()
            var unique: [Int] = []
            unique.reserveCapacity(matched.count)
            for rule in matched where unique.last != rule { unique.append(rule) }
            return unique
        }
        return matched
    }
}

extension EventPattern {
    /// Whether a parsed event matches this pattern.
    public func matches(_ event: JSONValue) -> Bool {
        !CompiledRuleSet(rules: [(0, self)]).matchingRules(for: event).isEmpty
    }

    /// Whether an event given as JSON text matches this pattern.
    /// - Throws: ``JSONError`` if the event is not valid JSON.
    public func matches(eventJSON text: String) throws(JSONError) -> Bool {
        matches(try JSONValue(parsing: text))
    }
}
