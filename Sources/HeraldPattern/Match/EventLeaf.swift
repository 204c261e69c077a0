/// A leaf of a flattened event: a string, number, boolean or null.
public enum EventLeaf: Sendable, Hashable {
    /// A string leaf (unescaped).
    case string(String)
    /// A number leaf, with its comparable value if any.
    case number(PatternNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}

/// One step of a leaf's position inside event arrays: which array (numbered in document order within
/// one flattening) and which element of it.
struct ArrayStep: Sendable, Hashable {
    /// The array, numbered in document order.
    var array: Int32
    /// The element index.
    var element: Int32
}
