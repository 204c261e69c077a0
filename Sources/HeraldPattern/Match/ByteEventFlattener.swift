import HeraldJSON

/// Flattens an event straight from its JSON bytes: subtrees no rule looks at are validated and
/// skipped without being built, and no ``JSONValue`` tree is allocated.
struct ByteEventFlattener {
    /// The paths the rules use.
    let trie: PathTrie
    /// The exact values the rules mention.
    let values: ValueTable
    private var event = FlatEvent()
    private var frame: Int32 = -1
    private var nextArray: Int32 = 0

    private init(trie: PathTrie, values: ValueTable) {
        self.trie = trie
        self.values = values
    }

    /// Flattens JSON bytes.
    /// - Throws: the same ``JSONError`` the full parser would report for malformed input.
    static func flatten(_ bytes: some Collection<UInt8>, trie: PathTrie, values: ValueTable) throws(JSONError) -> FlatEvent {
        do {
            return try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) -> FlatEvent in
                var flattener = ByteEventFlattener(trie: trie, values: values)
                try flattener.visit(&reader, node: PathTrie.root)
                flattener.event.finish()
                return flattener.event
            }
        } catch {
            _ = try JSONValue(parsing: bytes)
            throw error
        }
    }

    private mutating func visit(_ reader: inout JSONReader, node: Int32) throws(JSONError) {
        switch try reader.peek() {
        case .object:
            guard trie.hasChildren(node) else {
                try reader.skipValue()
                return
            }
            try reader.enterObject()
            let trie = self.trie
            while let found = try reader.nextKey(bytes: { trie.child(of: node, keyBytes: $0) }) {
                if let child = found {
                    try visit(&reader, node: child)
                } else {
                    try reader.skipValue()
                }
            }
        case .array:
            let id = nextArray
            nextArray += 1
            try reader.enterArray()
            var element: Int32 = 0
            while try reader.nextElement() {
                let parent = frame
                frame = event.enterElement(parent: parent, array: id, element: element)
                try visit(&reader, node: node)
                frame = parent
                element += 1
            }
        case .string:
            guard trie.field(at: node) >= 0 else { return try reader.skipValue() }
            add(.string(try reader.readString()), node: node)
        case .number:
            guard trie.field(at: node) >= 0 else { return try reader.skipValue() }
            add(.number(PatternNumber(literal: try reader.readNumber().literal)), node: node)
        case .bool:
            guard trie.field(at: node) >= 0 else { return try reader.skipValue() }
            add(.bool(try reader.readBool()), node: node)
        case .null:
            guard trie.field(at: node) >= 0 else { return try reader.skipValue() }
            try reader.readNull()
            add(.null, node: node)
        }
    }

    private mutating func add(_ leaf: EventLeaf, node: Int32) {
        event.append(field: trie.field(at: node), leaf: leaf, valueID: values.id(of: leaf), frame: frame)
    }
}
