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
