/// A validated `numeric` condition: one or two comparisons on comparable numbers.
public struct NumericRange: Sendable, Hashable {
    /// One end of the range.
    public struct Bound: Sendable, Hashable {
        /// The bound's value.
        public let value: Double
        /// Whether the bound itself is included (`<=`, `>=`, `=`).
        public let inclusive: Bool

        /// Creates a bound.
        public init(value: Double, inclusive: Bool) {
            self.value = value
            self.inclusive = inclusive
        }
    }

    /// The lower end, or `nil` for unbounded below.
    public let lower: Bound?
    /// The upper end, or `nil` for unbounded above.
    public let upper: Bound?

    /// Creates a range.
    public init(lower: Bound?, upper: Bound?) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` satisfies every comparison.
    public func contains(_ value: Double) -> Bool {
        if let lower {
            guard lower.inclusive ? value >= lower.value : value > lower.value else { return false }
        }
        if let upper {
            guard upper.inclusive ? value <= upper.value : value < upper.value else { return false }
        }
        return true
    }
}
