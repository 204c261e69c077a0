/// How long to wait before each retry: exponential growth with jitter, capped.
///
/// - `full` jitter: `uniform(0, min(cap, initial × multiplier^(n-1)))` for retry `n` (AWS's "full jitter").
/// - `decorrelated` jitter: `min(cap, uniform(initial, previous × 3))` (AWS's "decorrelated jitter").
/// - `none`: `min(cap, initial × multiplier^(n-1))` exactly (for tests and predictable demos).
///
/// The defaults (1 s initial, ×2, 15 min cap, full jitter) spread EventBridge's default 185 retries over
/// roughly a day, like EventBridge's own 24-hour / 185-attempt schedule.
public struct Backoff: Sendable, Hashable {
    /// The jitter flavour.
    public enum Jitter: Sendable, Hashable {
        /// No randomness.
        case none
        /// Uniform between zero and the exponential delay.
        case full
        /// Uniform between the initial delay and three times the previous delay.
        case decorrelated
    }

    /// The delay scale of the first retry.
    public var initialDelay: Duration
    /// Growth factor per retry (full jitter and none).
    public var multiplier: Double
    /// The largest delay ever returned.
    public var maximumDelay: Duration
    /// The jitter flavour.
    public var jitter: Jitter

    /// Creates a backoff; all parameters have defaults.
    public init(initialDelay: Duration = .seconds(1), multiplier: Double = 2, maximumDelay: Duration = .seconds(900), jitter: Jitter = .full) {
        self.initialDelay = initialDelay
        self.multiplier = max(1, multiplier)
        self.maximumDelay = maximumDelay
        self.jitter = jitter
    }

    /// The delay before retry number `retry` (1 for the first retry).
    ///
    /// - Parameters:
    ///   - retry: 1-based retry number.
    ///   - previous: the delay used before the previous retry (decorrelated jitter needs it).
    ///   - random: the randomness source (inject a seeded generator for reproducible schedules).
    public func delay(forRetry retry: Int, previous: Duration?, using random: inout some RandomNumberGenerator) -> Duration {
        let initial = Self.seconds(initialDelay)
        let cap = Self.seconds(maximumDelay)
        let seconds: Double
        switch jitter {
        case .none:
            seconds = min(cap, exponential(retry: retry, initial: initial))
        case .full:
            let ceiling = min(cap, exponential(retry: retry, initial: initial))
            seconds = ceiling > 0 ? Double.random(in: 0...ceiling, using: &random) : 0
        case .decorrelated:
            let upper = max(initial, (previous.map(Self.seconds) ?? initial) * 3)
            seconds = min(cap, upper > initial ? Double.random(in: initial...upper, using: &random) : initial)
        }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    private func exponential(retry: Int, initial: Double) -> Double {
        let exponent = Double(max(0, retry - 1))
        let value = initial * pow2(multiplier, exponent)
        return value.isFinite ? value : .greatestFiniteMagnitude
    }

    private func pow2(_ base: Double, _ exponent: Double) -> Double {
        // Repeated multiplication with an early exit; avoids Foundation's pow.
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 {
            result *= base
            if result > 1e12 { return result }
            remaining -= 1
        }
        return result
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
