/// One field test of a pattern branch: the field's dotted path and its pattern array.
public struct PatternField: Sendable, Hashable {
    /// The dotted path (`detail.state`), object keys joined with `.`.
    public let path: String
    /// The pattern array; the field matches if any leaf at the path matches any element
    /// (`exists: false` elements are satisfied by the path having no leaf anywhere in the event).
    public let matchers: [ValueMatcher]

    /// Creates a field test.
    public init(path: String, matchers: [ValueMatcher]) {
        self.path = path
        self.matchers = matchers
    }
}

/// One branch of a pattern (a pattern without `$or` has exactly one): all fields must match, using
/// leaves that never come from different elements of the same event array.
public struct PatternBranch: Sendable, Hashable {
    /// The field tests, sorted by path (byte order), one per path.
    public let fields: [PatternField]

    /// Creates a branch; fields are sorted by path.
    public init(fields: [PatternField]) {
        self.fields = fields.sorted { ByteString($0.path) < ByteString($1.path) }
    }
}
