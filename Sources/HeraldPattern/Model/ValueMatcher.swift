/// One element of a field's pattern array, validated.
public enum ValueMatcher: Sendable, Hashable {
    /// An exact string (`"x"`); if it is an IP literal it also matches the same address written
    /// differently (see ``IPRange/init(exactAddress:)``).
    case string(ByteString, ipAddress: IPRange?)
    /// `{"exactly": "x"}`: an exact string, no IP handling.
    case exactly(ByteString)
    /// A number: by value if comparable, else by literal text.
    case number(PatternNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// `{"prefix": "x"}`.
    case prefix(ByteString)
    /// `{"prefix": {"equals-ignore-case": "x"}}`.
    case prefixIgnoreCase(IgnoreCasePattern)
    /// `{"suffix": "x"}`.
    case suffix(ByteString)
    /// `{"suffix": {"equals-ignore-case": "x"}}`.
    case suffixIgnoreCase(IgnoreCasePattern)
    /// `{"equals-ignore-case": "x"}`.
    case equalsIgnoreCase(IgnoreCasePattern)
    /// `{"wildcard": "x*y"}`.
    case wildcard(WildcardPattern)
    /// `{"anything-but": …}`.
    case anythingBut(AnythingBut)
    /// `{"numeric": […]}`.
    case numeric(NumericRange)
    /// `{"exists": true}` / `{"exists": false}`.
    case exists(Bool)
    /// `{"cidr": "10.0.0.0/8"}`.
    case cidr(IPRange)
}
