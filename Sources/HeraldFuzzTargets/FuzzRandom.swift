/// A small seeded generator (SplitMix64): fuzz runs and derived inputs are reproducible from a seed.
public struct FuzzRandom: Sendable {
    private var state: UInt64

    /// Creates a generator.
    /// - Parameter seed: The seed; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// Creates a generator seeded from bytes (FNV-1a), so a derived input depends only on the fuzz input.
    /// - Parameter bytes: The bytes to hash.
    public init(hashing bytes: some Sequence<UInt8>) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        state = hash
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`0` when `bound` is not positive).
    /// - Parameter bound: The exclusive upper bound.
    public mutating func int(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(next() % UInt64(bound))
    }

    /// A uniformly chosen element of a non-empty array.
    /// - Parameter items: The choices; must not be empty.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[int(items.count)]
    }

    /// `true` with the given probability in percent.
    /// - Parameter percent: The probability, 0...100.
    public mutating func chance(_ percent: Int) -> Bool {
        int(100) < percent
    }
}
