/// A JSON object: an ordered list of members.
///
/// Members keep document order and duplicates are preserved (so serialisation round-trips the input),
/// but key lookup follows the common "last one wins" rule: `{"a":1,"a":2}["a"]` is `2`.
/// Lookup is a linear scan from the end, which is the fastest option for the small objects typical of
/// events; use ``members`` to build your own index for very large objects.
public struct JSONObject: Sendable, Hashable {
    /// One `"key": value` member of an object.
    public struct Member: Sendable, Hashable {
        /// The member's key (already unescaped).
        public var key: String
        /// The member's value.
        public var value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in document order, duplicates included.
    public private(set) var members: [Member]

    /// Creates an object from members in order (duplicates are kept).
    public init(members: [Member] = []) {
        self.members = members
    }

    /// Creates an object from `(key, value)` pairs in order (duplicates are kept).
    public init(_ pairs: [(String, JSONValue)]) {
        self.members = pairs.map { Member(key: $0.0, value: $0.1) }
    }

    /// The number of members, duplicates included.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in document order, duplicates included.
    public var keys: [String] { members.map(\.key) }

    /// The value of the last member named `key`, or `nil`.
    ///
    /// Setting a value replaces the last member with that key and removes earlier duplicates, or
    /// appends a new member; setting `nil` removes every member with that key.
    public subscript(key: String) -> JSONValue? {
        get {
            var index = members.count
            while index > 0 {
                index -= 1
                if members[index].key == key { return members[index].value }
            }
            return nil
        }
        set {
            guard let newValue else {
                members.removeAll { $0.key == key }
                return
            }
            if let last = members.lastIndex(where: { $0.key == key }) {
                members[last].value = newValue
                var position = 0
                members.removeAll { member in
                    defer { position += 1 }
                    return member.key == key && position != last
                }
            } else {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Appends a member without looking for an existing one (this can create a duplicate key).
    public mutating func append(key: String, value: JSONValue) {
        members.append(Member(key: key, value: value))
    }
}

extension JSONObject: RandomAccessCollection {
    /// The position of the first member.
    public var startIndex: Int { members.startIndex }
    /// The position one past the last member.
    public var endIndex: Int { members.endIndex }
    /// The member at `position`.
    public subscript(position: Int) -> Member { members[position] }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object from a dictionary literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
