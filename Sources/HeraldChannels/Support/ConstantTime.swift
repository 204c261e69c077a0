/// Constant-time comparisons for secrets and signatures.
enum ConstantTime {
    /// Compares two byte sequences without an early exit on the first differing byte.
    ///
    /// The running time depends only on the lengths (which are not secret: signatures have fixed sizes).
    static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }

    /// Compares the UTF-8 bytes of two strings in constant time.
    static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(Array(lhs.utf8), Array(rhs.utf8))
    }
}
