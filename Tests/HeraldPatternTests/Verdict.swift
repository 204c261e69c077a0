import HeraldJSON
import HeraldPattern
import HeraldPatternReference
import Testing

/// The three outcomes a pattern test can have.
enum Verdict: String, Sendable, CustomStringConvertible {
    case match, nomatch, invalid

    var description: String { rawValue }

    /// Evaluates with the compiled matcher, checking that the reference interpreter agrees.
    static func of(pattern: String, event: String) -> Verdict {
        let parsed: EventPattern
        do {
            parsed = try EventPattern(parsing: pattern)
        } catch {
            return .invalid
        }
        guard let json = try? JSONValue(parsing: event) else {
            Issue.record("test event is not JSON: \(event)")
            return .invalid
        }
        let ruleSet = CompiledRuleSet(rules: [("r", parsed)])
        let compiled = ruleSet.matchingRules(for: json) == ["r"]
        let fromBytes = (try? ruleSet.matchingRules(forEvent: Array(event.utf8))) == ["r"]
        #expect(compiled == fromBytes, "tree and byte flattening disagree on \(pattern) vs \(event)")
        let reference = ReferenceMatcher.matches(parsed, json)
        #expect(compiled == reference, "compiled and reference disagree on \(pattern) vs \(event)")
        return compiled ? .match : .nomatch
    }
}

/// One table row.
struct Case: Sendable, CustomTestStringConvertible {
    let pattern: String
    let event: String
    let expected: Verdict

    init(_ pattern: String, _ event: String, _ expected: Verdict) {
        self.pattern = pattern
        self.event = event
        self.expected = expected
    }

    var testDescription: String { "\(pattern) ~ \(event) ⇒ \(expected)" }
}
