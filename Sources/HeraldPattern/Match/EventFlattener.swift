import HeraldJSON

/// Flattens a parsed event into a ``FlatEvent`` guided by a ``PathTrie``: subtrees no rule looks at
/// are skipped.
struct EventFlattener {
    /// The paths the rules use.
    let trie: PathTrie
    /// The exact values the rules mention.
    let values: ValueTable
    private var event = FlatEvent()
    private var frame: Int32 = -1
    private var nextArray: Int32 = 0

    /// Creates a flattener.
    init(trie: PathTrie, values: ValueTable) {
        self.trie = trie
        self.values = values
    }

    /// Flattens a parsed event.
    static func flatten(_ value: JSONValue, trie: PathTrie, values: ValueTable) -> FlatEvent {
        var flattener = EventFlattener(trie: trie, values: values)
        flattener.visit(value, node: PathTrie.root)
        flattener.event.finish()
        return flattener.event
    }

    private mutating func visit(_ value: JSONValue, node: Int32) {
        switch value {
        case .object(let object):
            guard trie.hasChildren(node) else { return }
            for member in object {
                if let child = trie.child(of: node, key: member.key) { visit(member.value, node: child) }
            }
        case .array(let elements):
            let id = nextArray
            nextArray += 1
            for (index, element) in elements.enumerated() {
                let parent = frame
                frame = event.enterElement(parent: parent, array: id, element: Int32(index))
                visit(element, node: node)
                frame = parent
            }
        case .string(let text): add(.string(text), node: node)
        case .number(let number): add(.number(PatternNumber(literal: number.literal)), node: node)
        case .bool(let flag): add(.bool(flag), node: node)
        case .null: add(.null, node: node)
        }
    }

    private mutating func add(_ leaf: EventLeaf, node: Int32) {
        let field = trie.field(at: node)
        guard field >= 0 else { return }
        event.append(field: field, leaf: leaf, valueID: values.id(of: leaf), frame: frame)
    }
}
