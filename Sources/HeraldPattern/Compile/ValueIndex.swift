/// Exact, prefix, suffix and numeric indexes of one field, mapping to branch lists.
struct ValueIndex: Sendable {
    /// Branches by exact value id.
    var exact: [Int32: [Int32]] = [:]
    /// Whether any key is an IP address (event IP strings then need a lookup).
    var hasIPAddress = false
    /// Prefix trie.
    var prefixes: ByteTrie?
    /// Suffix trie (reversed bytes).
    var suffixes: ByteTrie?
    /// Numeric ranges.
    var numeric: IntervalIndex?

    /// Calls `body` with the value ids an IP-literal string can match exactly: its own address, and
    /// (AWS's hex-string quirk) the IPv4 address spelled by the first 8 hex digits of an IPv6 one.
    static func forEachAddressID(_ text: String, _ values: ValueTable, _ body: (Int32) -> Void) {
        guard let hex = IPAddress.hexDigits(of: text) else { return }
        let id = values.id(of: .ipAddress(hex))
        if id >= 0 { body(id) }
        if hex.count == 32 {
            let short = values.id(of: .ipAddress(Array(hex[0..<8])))
            if short >= 0 { body(short) }
        }
    }

    /// Adds the branches whose test in this index the leaf satisfies.
    func collect(leaf index: Int, in event: FlatEvent, values: ValueTable, into candidates: inout CandidateSet) {
        if !exact.isEmpty {
            let id = event.valueID(index)
            if id >= 0, let list = exact[id] { candidates.add(contentsOf: list) }
        }
        switch event.leaf(index) {
        case .string(let text):
            if hasIPAddress {
                Self.forEachAddressID(text, values) { id in
                    if let list = exact[id] { candidates.add(contentsOf: list) }
                }
            }
            if let trie = prefixes { trie.collectPrefixes(of: text, into: &candidates) }
            if let trie = suffixes { trie.collectSuffixes(of: text, into: &candidates) }
        case .number(let number):
            if let numeric, let value = number.value { numeric.collect(containing: value, into: &candidates) }
        case .bool, .null:
            break
        }
    }
}
