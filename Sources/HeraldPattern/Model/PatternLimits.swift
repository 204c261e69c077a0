/// Size and complexity guard rails applied when a pattern is parsed.
///
/// AWS's matcher caps a rule at 256 fields (`MAXIMUM_RULE_SIZE`); the other limits are Herald's own,
/// chosen so a single pattern cannot make compilation or matching blow up.
public struct PatternLimits: Sendable, Hashable {
    /// The most field paths one `$or` branch (or a pattern without `$or`) may test.
    public var maximumFieldsPerBranch: Int
    /// The most branches a pattern may expand to once every `$or` is multiplied out.
    public var maximumBranches: Int
    /// The deepest nesting of objects and arrays accepted in the pattern JSON.
    public var maximumDepth: Int
    /// The most values (array elements, including those inside `anything-but` lists) per field.
    public var maximumValuesPerField: Int
    /// The most `*` characters per `wildcard` value.
    public var maximumWildcardStars: Int

    /// Creates limits; every parameter has a sensible default.
    public init(
        maximumFieldsPerBranch: Int = 256,
        maximumBranches: Int = 1024,
        maximumDepth: Int = 64,
        maximumValuesPerField: Int = 4096,
        maximumWildcardStars: Int = 64
    ) {
        self.maximumFieldsPerBranch = maximumFieldsPerBranch
        self.maximumBranches = maximumBranches
        self.maximumDepth = maximumDepth
        self.maximumValuesPerField = maximumValuesPerField
        self.maximumWildcardStars = maximumWildcardStars
    }
}
