public import HeraldJSON
public import HeraldPattern

/// A straightforward interpreter of parsed patterns, written for obviousness rather than speed.
///
/// It flattens the whole event into `(dotted path, leaf, array positions)` triples and, for every
/// branch, searches all combinations of leaves. Tests use it as the oracle for ``CompiledRuleSet``;
/// the benchmark uses it as the naive "try every rule" baseline.
public enum ReferenceMatcher {
    /// A flattened leaf: its dotted path, value, and for each enclosing array its id and element index.
    public struct Leaf: Sendable {
        /// The dotted path.
        public let path: String
        /// The value.
        public let value: JSONValue
        /// Enclosing arrays: array id → element index.
        public let positions: [Int: Int]
    }

    /// Every leaf of the event, in document order.
    public static func flatten(_ event: JSONValue) -> [Leaf] {
        var leaves: [Leaf] = []
        var nextArray = 0
        func walk(_ value: JSONValue, _ path: String?, _ positions: [Int: Int]) {
            switch value {
            case .object(let object):
                for member in object {
                    walk(member.value, path.map { "\($0).\(member.key)" } ?? member.key, positions)
                }
            case .array(let elements):
                let id = nextArray
                nextArray += 1
                for (index, element) in elements.enumerated() {
                    var inner = positions
                    inner[id] = index
                    walk(element, path, inner)
                }
            default:
                if let path { leaves.append(Leaf(path: path, value: value, positions: positions)) }
            }
        }
        walk(event, nil, [:])
        return leaves
    }

    /// Whether the event matches the pattern.
    public static func matches(_ pattern: EventPattern, _ event: JSONValue) -> Bool {
        let leaves = flatten(event)
        return pattern.branches.contains { matches($0, leaves) }
    }

    /// The ids of the rules whose pattern matches, in the order given (tries every rule).
    public static func matchingRules<ID>(_ rules: [(ID, EventPattern)], event: JSONValue) -> [ID] {
        let leaves = flatten(event)
        return rules.filter { rule in rule.1.branches.contains { matches($0, leaves) } }.map(\.0)
    }

    private static func samePath(_ a: String, _ b: String) -> Bool {
        Array(a.utf8) == Array(b.utf8)
    }

    private static func matches(_ branch: PatternBranch, _ leaves: [Leaf]) -> Bool {
        var choices: [[Leaf]] = []
        for field in branch.fields {
            let here = leaves.filter { samePath($0.path, field.path) }
            if here.isEmpty, field.matchers.contains(.exists(false)) { continue }
            let good = here.filter { leaf in field.matchers.contains { ReferenceValues.matches($0, leaf.value) } }
            if good.isEmpty { return false }
            choices.append(good)
        }
        return search(choices, [])
    }

    private static func search(_ choices: [[Leaf]], _ picked: [Leaf]) -> Bool {
        guard let first = choices.first else { return true }
        for leaf in first where picked.allSatisfy({ consistent($0, leaf) }) {
            if search(Array(choices.dropFirst()), picked + [leaf]) { return true }
        }
        return false
    }

    /// Two leaves are consistent unless some array holds both, in different elements.
    private static func consistent(_ a: Leaf, _ b: Leaf) -> Bool {
        a.positions.allSatisfy { array, index in b.positions[array].map { $0 == index } ?? true }
    }
}
