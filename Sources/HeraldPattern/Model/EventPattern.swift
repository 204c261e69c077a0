public import HeraldJSON

/// A parsed, validated event pattern: an OR of branches, each an AND of field tests.
///
/// Parse with ``init(parsing:limits:)-(String,_)``; match one event with ``matches(_:)``; compile many
/// patterns together with ``CompiledRuleSet`` for fast matching.
public struct EventPattern: Sendable, Hashable {
    /// The branches (more than one only when the pattern uses `$or`).
    public let branches: [PatternBranch]

    /// Creates a pattern from branches (already validated).
    public init(branches: [PatternBranch]) {
        self.branches = branches
    }

    /// Parses and validates pattern JSON text.
    /// - Throws: ``PatternError`` naming the offending field path and the reason.
    public init(parsing text: String, limits: PatternLimits = PatternLimits()) throws(PatternError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text, maximumDepth: limits.maximumDepth)
        } catch {
            throw PatternError(kind: .invalidJSON(error), path: "", message: error.description)
        }
        try self.init(json: json, limits: limits)
    }

    /// Parses and validates pattern JSON bytes.
    /// - Throws: ``PatternError`` naming the offending field path and the reason.
    public init(parsing bytes: some Collection<UInt8>, limits: PatternLimits = PatternLimits()) throws(PatternError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes, maximumDepth: limits.maximumDepth)
        } catch {
            throw PatternError(kind: .invalidJSON(error), path: "", message: error.description)
        }
        try self.init(json: json, limits: limits)
    }

    /// Validates an already parsed pattern.
    ///
    /// `$or` is honoured first; if that reading fails anywhere, the whole pattern is re-read with `$or`
    /// as a plain field name (AWS's legacy fallback), and only if that fails too is it invalid.
    /// - Throws: ``PatternError`` from the `$or` reading.
    public init(json: JSONValue, limits: PatternLimits = PatternLimits()) throws(PatternError) {
        do {
            self.branches = try PatternParser(limits: limits, honoursOr: true).parse(json)
        } catch {
            if case .limitExceeded = error.kind { throw error }
            guard Self.containsOrKey(json), let legacy = try? PatternParser(limits: limits, honoursOr: false).parse(json)
            else { throw error }
            self.branches = legacy
        }
    }

    private static func containsOrKey(_ value: JSONValue) -> Bool {
        guard case .object(let object) = value else { return false }
        return object.contains { $0.key == "$or" || containsOrKey($0.value) }
    }
}
