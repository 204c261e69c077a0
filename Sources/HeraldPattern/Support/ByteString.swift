/// A string compared and hashed by its UTF-8 bytes.
///
/// Swift's `String` equality uses Unicode canonical equivalence (`"é" == "e\u{301}"`), but event
/// patterns compare strings byte for byte, so every set or dictionary keyed by pattern text uses this.
public struct ByteString: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The string.
    public let string: String

    /// Wraps a string.
    public init(_ string: String) {
        self.string = string
    }

    /// Byte-wise equality.
    public static func == (lhs: ByteString, rhs: ByteString) -> Bool {
        let left = lhs.string.utf8
        let right = rhs.string.utf8
        guard left.count == right.count else { return false }
        if let result = left.withContiguousStorageIfAvailable({ a in
            right.withContiguousStorageIfAvailable { b in
                for index in 0..<a.count where a[index] != b[index] { return false }
                return true
            }
        }), let result {
            return result
        }
        return left.elementsEqual(right)
    }

    /// Byte-wise (UTF-8) lexicographic order.
    public static func < (lhs: ByteString, rhs: ByteString) -> Bool {
        lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8)
    }

    /// Hashes the UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(string.utf8.count)
    }

    /// The string itself.
    public var description: String { string }
}
