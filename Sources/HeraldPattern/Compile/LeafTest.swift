/// A compiled pattern-array element, tested against one event leaf.
enum LeafTest: Sendable {
    /// An exact string (UTF-8 bytes).
    case string([UInt8])
    /// An IP literal from an exact list, as AWS's single-address hex range.
    case ipAddress(IPRange)
    /// An exact number.
    case number(PatternNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// A byte prefix of a string.
    case prefix([UInt8])
    /// A byte suffix of a string.
    case suffix([UInt8])
    /// A case-insensitive prefix.
    case prefixIgnoreCase(IgnoreCasePattern)
    /// A case-insensitive suffix.
    case suffixIgnoreCase(IgnoreCasePattern)
    /// A case-insensitive whole string.
    case equalsIgnoreCase(IgnoreCasePattern)
    /// A wildcard pattern.
    case wildcard(WildcardPattern)
    /// An `anything-but` condition.
    case anythingBut(AnythingBut)
    /// A numeric range on comparable numbers.
    case numeric(NumericRange)
    /// `exists: true`: any leaf.
    case exists
    /// A CIDR range on IP-literal strings.
    case cidr(IPRange)
    /// `anything-but` of exact values, as ``ValueTable`` ids: the leaf matches unless its id is listed
    /// (ids encode the type, so string exclusions never hit numbers and vice versa).
    case anythingButIDs(Set<Int32>)

    /// Compiles a matcher; `nil` for `exists: false`, which is not a leaf test.
    init?(_ matcher: ValueMatcher) {
        switch matcher {
        case .string(let text, let ip):
            if let ip { self = .ipAddress(ip) } else { self = .string(Array(text.string.utf8)) }
        case .exactly(let text): self = .string(Array(text.string.utf8))
        case .number(let number): self = .number(number)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .prefix(let text): self = .prefix(Array(text.string.utf8))
        case .suffix(let text): self = .suffix(Array(text.string.utf8))
        case .prefixIgnoreCase(let pattern): self = .prefixIgnoreCase(pattern)
        case .suffixIgnoreCase(let pattern): self = .suffixIgnoreCase(pattern)
        case .equalsIgnoreCase(let pattern): self = .equalsIgnoreCase(pattern)
        case .wildcard(let pattern): self = .wildcard(pattern)
        case .anythingBut(let condition): self = .anythingBut(condition)
        case .numeric(let range): self = .numeric(range)
        case .exists(let present):
            guard present else { return nil }
            self = .exists
        case .cidr(let range): self = .cidr(range)
        }
    }

    /// Whether the leaf, whose ``ValueTable`` id is `id` (or -1), satisfies this element.
    func matches(_ leaf: EventLeaf, id: Int32) -> Bool {
        if case .anythingButIDs(let excluded) = self { return id < 0 || !excluded.contains(id) }
        return matches(leaf)
    }

    /// Whether the leaf satisfies this element.
    func matches(_ leaf: EventLeaf) -> Bool {
        switch self {
        case .exists:
            return true
        case .number(let expected):
            guard case .number(let number) = leaf else { return false }
            return expected.matches(number)
        case .bool(let expected):
            return leaf == .bool(expected)
        case .null:
            return leaf == .null
        case .numeric(let range):
            guard case .number(let number) = leaf, let value = number.value else { return false }
            return range.contains(value)
        case .anythingBut(let condition):
            return !Self.excludes(condition, leaf)
        case .anythingButIDs:
            return false
        default:
            guard case .string(let text) = leaf else { return false }
            return matches(string: text)
        }
    }

    private func matches(string text: String) -> Bool {
        switch self {
        case .string(let bytes): return Bytes.equal(text, bytes)
        case .ipAddress(let range): return range.contains(address: text)
        case .prefix(let bytes): return Bytes.hasPrefix(text, bytes)
        case .suffix(let bytes): return Bytes.hasSuffix(text, bytes)
        case .prefixIgnoreCase(let pattern): return pattern.matchesPrefix(of: text)
        case .suffixIgnoreCase(let pattern): return pattern.matchesSuffix(of: text)
        case .equalsIgnoreCase(let pattern): return pattern.matchesWhole(text)
        case .wildcard(let pattern): return pattern.matches(text)
        case .cidr(let range): return range.contains(address: text)
        default: return false
        }
    }

    /// Whether `anything-but` excludes the leaf (typed: string exclusions only hit strings, numeric
    /// ones only comparable numbers).
    static func excludes(_ condition: AnythingBut, _ leaf: EventLeaf) -> Bool {
        switch condition {
        case .numbers(let values):
            guard case .number(let number) = leaf, let value = number.value else { return false }
            return values.contains(value)
        case .strings(let values):
            guard case .string(let text) = leaf else { return false }
            return values.contains(ByteString(text))
        case .prefixes(let prefixes):
            guard case .string(let text) = leaf else { return false }
            return prefixes.contains { text.utf8.starts(with: $0.utf8) }
        case .suffixes(let suffixes):
            guard case .string(let text) = leaf else { return false }
            return suffixes.contains { text.utf8.reversed().starts(with: $0.utf8.reversed()) }
        case .equalsIgnoreCase(let patterns):
            guard case .string(let text) = leaf else { return false }
            return patterns.contains { $0.matchesWhole(text) }
        case .wildcards(let patterns):
            guard case .string(let text) = leaf else { return false }
            return patterns.contains { $0.matches(text) }
        }
    }
}
