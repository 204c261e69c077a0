import HeraldJSON
import HeraldPattern
import HeraldPatternReference
import Testing

@Suite("Compiled matcher vs reference interpreter")
struct DifferentialTests {
    @Test("random patterns and events agree", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func randomAgreement(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var rules: [(Int, EventPattern)] = []
        var invalid = 0
        while rules.count < 150 {
            let text = RandomCases.fields(&random)
            do {
                rules.append((rules.count, try EventPattern(parsing: text)))
            } catch {
                invalid += 1
            }
        }
        let compiled = CompiledRuleSet(rules: rules)
        var totalMatches = 0
        for _ in 0..<400 {
            let eventText = RandomCases.event(&random)
            let event = try JSONValue(parsing: eventText)
            let fast = compiled.matchingRules(for: event)
            let slow = ReferenceMatcher.matchingRules(rules, event: event)
            totalMatches += slow.count
            #expect(fast == slow, "seed \(seed) event \(eventText)")
            if fast != slow { return }
            #expect(try compiled.matchingRules(forEvent: Array(eventText.utf8)) == fast)
        }
        #expect(totalMatches > 100, "the generator should produce plenty of matches")
        #expect(invalid < 150, "most generated patterns should be valid")
    }

    @Test("array-heavy events and nested patterns agree (array consistency)", arguments: [11, 12, 13, 14] as [UInt64])
    func arrayConsistency(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var rules: [(Int, EventPattern)] = []
        while rules.count < 80 {
            if let pattern = try? EventPattern(parsing: RandomCases.nestedPattern(&random)) { rules.append((rules.count, pattern)) }
        }
        let compiled = CompiledRuleSet(rules: rules)
        var matches = 0
        for _ in 0..<200 {
            let text = "{\"a\":\(RandomCases.arrayEvent(&random)),\"b\":\(RandomCases.arrayEvent(&random))}"
            let event = try JSONValue(parsing: text)
            let expected = ReferenceMatcher.matchingRules(rules, event: event)
            matches += expected.count
            #expect(try compiled.matchingRules(forEvent: Array(text.utf8)) == expected, "seed \(seed) \(text)")
        }
        #expect(matches > 20)
    }

    @Test("many similar rules: index candidates agree with trying every rule")
    func manyRules() throws {
        var random = SeededRandom(seed: 99)
        let sources = (0..<20).map { "src\($0)" }
        var rules: [(String, EventPattern)] = []
        for index in 0..<2000 {
            let source = random.pick(sources)
            let text: String
            switch index % 5 {
            case 0: text = #"{"source":["\#(source)"],"detail-type":["t\#(random.int(10))"]}"#
            case 1: text = #"{"source":["\#(source)"],"detail":{"state":[{"prefix":"r\#(random.int(5))"}]}}"#
            case 2: text = #"{"detail":{"n":[{"numeric":[">=",\#(random.int(100)),"<",\#(100 + random.int(100))]}]}}"#
            case 3: text = #"{"detail-type":["t\#(random.int(10))"],"detail":{"state":[{"anything-but":["r1","r2"]}]}}"#
            default: text = #"{"detail":{"state":[{"suffix":"\#(random.int(9))"}],"n":[{"exists":false}]}}"#
            }
            rules.append(("rule\(index)", try EventPattern(parsing: text)))
        }
        let compiled = CompiledRuleSet(rules: rules)
        for _ in 0..<300 {
            let n = random.chance(80) ? "\"n\":\(random.int(250))," : ""
            let eventText = #"{"source":"\#(random.pick(sources))","detail-type":"t\#(random.int(10))","detail":{\#(n)"state":"r\#(random.int(7))x\#(random.int(9))"}}"#
            let event = try JSONValue(parsing: eventText)
            #expect(compiled.matchingRules(for: event) == ReferenceMatcher.matchingRules(rules, event: event), "\(eventText)")
        }
    }
}
