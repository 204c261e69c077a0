/// Validates and evaluates event patterns for the catalog and `TestEventPattern`.
///
/// The production implementation adapts the `HeraldPattern` module; the catalog depends only on this protocol.
public protocol EventPatternEngine: Sendable {
    /// Throws ``CatalogError/invalidEventPattern(_:)`` when `pattern` is not a valid EventBridge pattern.
    func validate(pattern: String) throws(CatalogError)
    /// Whether the event (an EventBridge envelope as JSON text) matches the pattern.
    /// - Throws: ``CatalogError/invalidEventPattern(_:)`` for a bad pattern, ``CatalogError/validation(_:)`` for a bad event.
    func matches(pattern: String, event: String) throws(CatalogError) -> Bool
}
