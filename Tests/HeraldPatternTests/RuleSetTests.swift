import HeraldJSON
import HeraldPattern
import HeraldPatternReference
import Testing

@Suite("Compiled rule sets")
struct RuleSetTests {
    static func ruleSet(_ patterns: [String]) throws -> [(String, EventPattern)] {
        try patterns.enumerated().map { ("r\($0.offset)", try EventPattern(parsing: $0.element)) }
    }

    @Test("index shapes agree with the reference")
    func indexShapes() throws {
        let bigList = (0..<40).map { "\"v\($0)\"" }.joined(separator: ",")
        let rules = try Self.ruleSet([
            #"{"a":[{"anything-but":[\#(bigList)]}]}"#,
            #"{"a":[{"anything-but":["x"]},{"anything-but":["y"]}]}"#,
            #"{"a":[{"exists":false}],"b":[{"exists":false}]}"#,
            #"{"a":[{"equals-ignore-case":"V1"}]}"#,
            #"{"a":[{"wildcard":"v*"}],"b":["q"]}"#,
            #"{"a":["v1"],"b":[{"suffix":"z"}]}"#,
            #"{"a":["v1"],"ip":["10.0.0.1"]}"#,
            #"{"ip":["10.0.0.1"],"a":["v1","v2"]}"#,
            #"{"$or":[{"a":["v1"]},{"b":["q"]}]}"#,
            #"{"a":["v1"],"n":[{"numeric":[">",1,"<",5]}]}"#,
            #"{"n":[{"numeric":["=",3]},4]}"#,
        ])
        let compiled = CompiledRuleSet(rules: rules)
        let events = [
            #"{"a":"v1","b":"q"}"#, #"{"a":"v39"}"#, #"{"a":"zz"}"#, #"{"c":1}"#, #"{"a":"x"}"#, #"{"a":["x","y"]}"#,
            #"{"a":"v1","b":"xyz"}"#, #"{"a":"v1","ip":"::ffff:a00:1"}"#, #"{"a":"v2","ip":"a00:1::"}"#,
            #"{"a":"v1","n":3.0}"#, #"{"n":4}"#, #"{"n":[3e0]}"#, #"{"a":"V1"}"#,
        ]
        for text in events {
            let event = try JSONValue(parsing: text)
            #expect(compiled.matchingRules(for: event) == ReferenceMatcher.matchingRules(rules, event: event), "\(text)")
        }
        #expect(compiled.matchingRules(for: try JSONValue(parsing: #"{"a":"v1","b":"q"}"#)).contains("r8"))
        #expect(compiled.matchingRules(for: try JSONValue(parsing: #"{"c":1}"#)) == ["r2"])
    }

    @Test("an $or whose branches both match reports the rule once; ids come back in rule order")
    func dedupe() throws {
        let rules = try Self.ruleSet([#"{"x":["1"]}"#, #"{"$or":[{"a":["v"]},{"b":["w"]}]}"#])
        let compiled = CompiledRuleSet(rules: rules)
        #expect(try compiled.matchingRules(forEvent: #"{"a":"v","b":"w","x":"1"}"#) == ["r0", "r1"])
        #expect(compiled.count == 2)
        #expect(compiled.ruleIDs == ["r0", "r1"])
    }

    @Test("malformed event bytes throw the parser's error")
    func malformedEvent() throws {
        let compiled = CompiledRuleSet(rules: try Self.ruleSet([#"{"a":["v"]}"#]))
        #expect(throws: JSONError(offset: 5, reason: .unexpectedEndOfInput)) { try compiled.matchingRules(forEvent: #"{"a":"#) }
        #expect(throws: JSONError.self) { try compiled.matchingRules(forEvent: #"{"zz":[1,}"#) }
        #expect(throws: JSONError.self) { try compiled.matchingRules(forEvent: #"{"a":"v"} x"#) }
    }

    @Test("an empty rule set matches nothing")
    func empty() throws {
        let compiled = CompiledRuleSet<String>(rules: [])
        #expect(try compiled.matchingRules(forEvent: #"{"a":1}"#).isEmpty)
    }
}

@Suite("Pattern errors and limits")
struct PatternErrorTests {
    @Test("errors name the field path and kind")
    func paths() {
        #expect(throws: PatternError(kind: .invalidValue, path: "detail.count[1].numeric", message: "Bottom must be less than top in numeric range")) {
            try EventPattern(parsing: #"{"detail":{"count":[1,{"numeric":[">=",5,"<=",5]}]}}"#)
        }
        do {
            _ = try EventPattern(parsing: #"{"a":[{"prefx":"x"}]}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidOperator)
            #expect(error.path == "a[0]")
            #expect(error.description.contains("Unrecognized match type prefx"))
        }
        do {
            _ = try EventPattern(parsing: "{")
            Issue.record("expected an error")
        } catch {
            guard case .invalidJSON = error.kind else {
                Issue.record("expected invalidJSON, got \(error.kind)")
                return
            }
        }
    }

    @Test("limits are enforced")
    func limits() throws {
        let fields = (0..<257).map { "\"f\($0)\":[1]" }.joined(separator: ",")
        #expect(throws: PatternError.self) { try EventPattern(parsing: "{\(fields)}") }
        let ok = (0..<256).map { "\"f\($0)\":[1]" }.joined(separator: ",")
        #expect(try EventPattern(parsing: "{\(ok)}").branches.first?.fields.count == 256)
        var nested = #"{"a":["x"]}"#
        for index in 0..<11 { nested = #"{"$or":[\#(nested),{"b\#(index)":["y"]}],"c\#(index)":["z"]}"# }
        _ = try EventPattern(parsing: nested)
        var wide = "{"
        for index in 0..<11 { wide += #""k\#(index)":{"$or":[{"a":["1"]},{"b":["2"]}]},"# }
        wide += #""z":["1"]}"#
        do {
            _ = try EventPattern(parsing: wide)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.kind == .limitExceeded)
        }
        let stars = String(repeating: "a*", count: 65)
        #expect(throws: PatternError.self) { try EventPattern(parsing: #"{"a":[{"wildcard":"\#(stars)"}]}"#) }
        let tight = PatternLimits(maximumFieldsPerBranch: 1)
        #expect(throws: PatternError.self) { try EventPattern(parsing: #"{"a":[1],"b":[2]}"#, limits: tight) }
    }
}

@Suite("Deeply nested event arrays")
struct DeepArrayTests {
    @Test("leaves under deep arrays share their position frames; consistency still holds")
    func deepArrays() throws {
        let depth = 400
        let leaves = (0..<2000).map { "{\"b\":\($0),\"c\":\($0 + 1)}" }.joined(separator: ",")
        let event = String(repeating: "[", count: depth) + leaves + String(repeating: "]", count: depth)
        let text = "{\"a\":\(event)}"
        let rules = try [
            ("same-element", EventPattern(parsing: #"{"a":{"b":[7],"c":[8]}}"#)),
            ("across-elements", EventPattern(parsing: #"{"a":{"b":[7],"c":[9]}}"#)),
        ]
        let compiled = CompiledRuleSet(rules: rules)
        #expect(try compiled.matchingRules(forEvent: text) == ["same-element"])
        #expect(compiled.matchingRules(for: try JSONValue(parsing: text)) == ["same-element"])
    }
}

@Suite("Array consistency search is bounded")
struct ConsistencyBudgetTests {
    @Test("an adversarial event cannot make one rule's verification explode")
    func adversarial() throws {
        // Five fields, each present in 60 different elements, never two in the same element: the naive
        // search would try 60^5 combinations.
        let names = ["p", "q", "r", "s", "t"]
        var elements: [String] = []
        for index in 0..<300 { elements.append("{\"\(names[index % 5])\":1}") }
        let text = "{\"a\":[\(elements.joined(separator: ","))]}"
        let pattern = try EventPattern(parsing: #"{"a":{"p":[1],"q":[1],"r":[1],"s":[1],"t":[1]}}"#)
        let compiled = CompiledRuleSet(rules: [("r", pattern)])
        let clock = ContinuousClock()
        var result: [String] = ["unset"]
        let elapsed = clock.measure { result = (try? compiled.matchingRules(forEvent: text)) ?? ["error"] }
        #expect(result.isEmpty)
        #expect(elapsed < .seconds(2))
    }
}
