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

/// One element visit of an event array: a node in the tree of array positions. A leaf's position is
/// the chain of frames from its innermost array element up to the root.
struct ArrayFrame: Sendable, Hashable {
    /// The enclosing frame, or -1 at the top.
    var parent: Int32
    /// The array, numbered in document order.
    var array: Int32
    /// The element index.
    var element: Int32
    /// The number of frames on the chain up to the root, this one included.
    var depth: Int32
}
