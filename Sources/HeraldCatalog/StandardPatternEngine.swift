import HeraldJSON
import HeraldPattern

/// The ``EventPatternEngine`` backed by `HeraldPattern`: EventBridge's pattern grammar, limits and matching.
public struct StandardPatternEngine: EventPatternEngine {
    /// Size and complexity limits applied when parsing patterns.
    public let limits: PatternLimits

    /// Creates the engine.
    public init(limits: PatternLimits = PatternLimits()) { self.limits = limits }

    /// Throws `InvalidEventPatternException` with HeraldPattern's explanation when the pattern is invalid.
    public func validate(pattern: String) throws(CatalogError) {
        _ = try parse(pattern)
    }

    /// Whether the event matches; a malformed event is a `ValidationException`.
    public func matches(pattern: String, event: String) throws(CatalogError) -> Bool {
        let parsed = try parse(pattern)
        do {
            return try parsed.matches(eventJSON: event)
        } catch {
            throw .validation("Parameter Event is not valid: \(error)")
        }
    }

    private func parse(_ pattern: String) throws(CatalogError) -> EventPattern {
        do {
            return try EventPattern(parsing: pattern, limits: limits)
        } catch {
            throw .invalidEventPattern(error.description)
        }
    }
}
