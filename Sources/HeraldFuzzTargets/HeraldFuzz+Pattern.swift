import HeraldJSON
import HeraldPattern
import HeraldPatternReference

extension HeraldFuzz {
    /// Fixed companion rules compiled alongside the fuzzed pattern, so it shares the rule index with others.
    private static let companionPatterns: [EventPattern] = [
        #"{"source":["x"]}"#, #"{"a":[{"prefix":"x"}],"b":[{"exists":false}]}"#,
        #"{"a":{"b":[{"numeric":[">",0,"<=",5]}]}}"#, #"{"a":[{"anything-but":["x","y"]}]}"#,
    ].compactMap { try? EventPattern(parsing: $0) }

    /// Pattern: the input up to the first newline is a pattern, the rest (optional) an event.
    /// Checks that parsing the re-serialized pattern JSON gives the same pattern, and that on the given event and
    /// on events derived from the pattern the compiled rule set agrees with the reference interpreter, whether
    /// the event is given as a tree or as bytes.
    static func checkPattern(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "pattern", invariant: invariant, detail: detail)
        }
        let input = FuzzInput(data, lineCount: 1)
        let patternBytes = input.lines[0]
        let pattern: EventPattern
        do {
            pattern = try EventPattern(parsing: patternBytes)
        } catch {
            return nil
        }
        // The same JSON, re-serialized, must give the same pattern.
        if let json = try? JSONValue(parsing: patternBytes, maximumDepth: PatternLimits().maximumDepth) {
            let again = Result { () throws(PatternError) in try EventPattern(parsing: json.jsonBytes) }
            guard case .success(let second) = again, second == pattern else {
                return finding("reparse-differs", "\(json.jsonText): \(again)")
            }
        }
        guard cheapToReference(pattern) else { return nil }
        let rules: [(Int, EventPattern)] = [(0, pattern)] + companionPatterns.enumerated().map { ($0.offset + 1, $0.element) }
        let compiled = CompiledRuleSet(rules: rules)
        var events: [JSONValue] = []
        if !input.rest.isEmpty, let given = try? JSONValue(parsing: input.rest), given.jsonBytes.count <= 2048 {
            events.append(given)
        }
        var deriver = PatternEventDeriver(random: FuzzRandom(hashing: data))
        for _ in 0..<6 {
            events.append(deriver.event(for: pattern))
        }
        for event in events {
            let expected = ReferenceMatcher.matchingRules(rules, event: event)
            let fromTree = compiled.matchingRules(for: event)
            if fromTree != expected {
                return finding(
                    "compiled-vs-reference",
                    "pattern \(String(decoding: patternBytes, as: UTF8.self)) event \(event.jsonText): compiled \(fromTree), reference \(expected)")
            }
            let bytes = event.jsonBytes
            let fromBytes = Result { () throws(JSONError) in try compiled.matchingRules(forEvent: bytes) }
            guard case .success(let byteResult) = fromBytes, byteResult == expected else {
                return finding(
                    "bytes-vs-tree",
                    "pattern \(String(decoding: patternBytes, as: UTF8.self)) event \(event.jsonText): bytes \(fromBytes), tree \(expected)")
            }
        }
        return nil
    }

    /// Whether the naive reference interpreter can afford this pattern: its backtracking wildcard matcher could
    /// take exponential time with many stars, in which case the comparison is skipped.
    private static func cheapToReference(_ pattern: EventPattern) -> Bool {
        for branch in pattern.branches {
            for field in branch.fields {
                for matcher in field.matchers {
                    switch matcher {
                    case .wildcard(let wildcard) where wildcard.starCount > 6: return false
                    case .anythingBut(.wildcards(let wildcards)) where wildcards.contains(where: { $0.starCount > 6 }): return false
                    default: continue
                    }
                }
            }
        }
        return true
    }
}
