/// The candidate-generation indexes of a compiled rule set: each branch is filed under one "anchor"
/// field test that every matching event must satisfy, so only plausible branches get verified.
struct RuleIndex: Sendable {
    /// A hashable exact-match key: (field, normalised value).
    struct ExactKey: Hashable, Sendable {
        var field: Int32
        var value: ExactValue
    }

    /// Exact values as the matcher compares them.
    enum ExactValue: Hashable, Sendable {
        case string(ByteString)
        case number(Double)
        case numberText(ByteString)
        case bool(Bool)
        case null
        case ipAddress([UInt8])
    }

    /// The per-field indexes.
    struct FieldIndex: Sendable {
        var hasExact = false
        var hasIPAddress = false
        var prefixes: ByteTrie?
        var suffixes: ByteTrie?
        var numeric: IntervalIndex?
        var presence: [Int32] = []
    }

    var exact: [ExactKey: [Int32]] = [:]
    var fields: [FieldIndex?] = []
    /// Branches with no anchor (every field allows absence): verified for every event.
    var always: [Int32] = []

    /// The exact key of an event leaf.
    static func exactValue(of leaf: EventLeaf) -> ExactValue {
        switch leaf {
        case .string(let text): return .string(ByteString(text))
        case .number(let number):
            if let value = number.value { return .number(value) }
            return .numberText(ByteString(number.literal))
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        }
    }

    /// The exact key of an indexable test, or `nil`.
    static func exactValue(of test: LeafTest) -> ExactValue? {
        switch test {
        case .string(let bytes): return .string(ByteString(String(decoding: bytes, as: UTF8.self)))
        case .ipAddress(let range): return .ipAddress(range.exactDigits)
        case .number(let number):
            if let value = number.value { return .number(value) }
            return .numberText(ByteString(number.literal))
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        default: return nil
        }
    }

    /// Calls `body` with every branch whose anchor the leaf at `index` satisfies (possibly repeated).
    func forEachCandidate(leaf index: Int, in event: FlatEvent, _ body: (Int32) -> Void) {
        let field = event.fields[index]
        guard let fieldIndex = fields[Int(field)] else { return }
        let leaf = event.leaves[index]
        if fieldIndex.hasExact, let list = exact[ExactKey(field: field, value: Self.exactValue(of: leaf))] {
            list.forEach(body)
        }
        switch leaf {
        case .string(let text):
            if fieldIndex.hasIPAddress, let hex = IPAddress.hexDigits(of: text) {
                exact[ExactKey(field: field, value: .ipAddress(hex))]?.forEach(body)
                if hex.count == 32 { exact[ExactKey(field: field, value: .ipAddress(Array(hex[0..<8])))]?.forEach(body) }
            }
            if let trie = fieldIndex.prefixes { trie.forEachPrefix(of: text.utf8, body) }
            if let trie = fieldIndex.suffixes { trie.forEachPrefix(of: text.utf8.reversed(), body) }
        case .number(let number):
            if let numeric = fieldIndex.numeric, let value = number.value { numeric.forEachContaining(value, body) }
        case .bool, .null:
            break
        }
    }
}

extension IPRange {
    /// The address digits of a single-address range built by ``init(exactAddress:)``.
    var exactDigits: [UInt8] { lowerOpen ? upper : lower }
}
