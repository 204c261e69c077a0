/// A validated `anything-but` condition: the leaf matches unless it is excluded.
public enum AnythingBut: Sendable, Hashable {
    /// Excludes string leaves equal (byte for byte) to one of these; never excludes non-strings.
    case strings(Set<ByteString>)
    /// Excludes comparable number leaves equal by value to one of these; never excludes non-numbers.
    case numbers(Set<Double>)
    /// Excludes string leaves starting with one of these (non-empty) prefixes.
    case prefixes([String])
    /// Excludes string leaves ending with one of these (non-empty) suffixes.
    case suffixes([String])
    /// Excludes string leaves equal, ignoring case, to one of these.
    case equalsIgnoreCase([IgnoreCasePattern])
    /// Excludes string leaves matching one of these wildcard patterns.
    case wildcards([WildcardPattern])
}
