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
