/// A small seeded generator (SplitMix64) so differential runs are reproducible.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
}

/// Random patterns and events over a deliberately small vocabulary, so that matches are frequent
/// and every operator meets every kind of leaf.
enum RandomCases {
    static let keys = ["a", "b", "c", "a.b", "x"]
    static let strings = [
        "", "x", "xy", "yx", "X", "ab", "abc", "AbC", "10.0.0.1", "10.0.0.15", "2001:db8::1", "2001:DB8:0::1", "a00::1",
        "ß", "SS", "ss", "Σ", "σ", "5", "true", "null", "a*b", "é", "e\\u0301",
    ]
    static let numbers = ["0", "1", "1.0", "5", "-0", "3e2", "300", "2.5", "-7", "12345678901234567890", "1e400", "1e-7"]

    static func scalar(_ random: inout SeededRandom) -> String {
        switch random.int(10) {
        case 0..<5: return "\"\(random.pick(strings))\""
        case 5..<8: return random.pick(numbers)
        case 8: return random.pick(["true", "false"])
        default: return "null"
        }
    }

    static func event(_ random: inout SeededRandom, depth: Int = 0) -> String {
        let count = 1 + random.int(4)
        var members: [String] = []
        for _ in 0..<count {
            members.append("\"\(random.pick(keys))\":\(eventValue(&random, depth: depth + 1))")
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func eventValue(_ random: inout SeededRandom, depth: Int) -> String {
        let roll = random.int(10)
        if depth < 3, roll < 3 { return event(&random, depth: depth) }
        if depth < 3, roll < 5 {
            let count = random.int(4)
            return "[" + (0..<count).map { _ in eventValue(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        }
        return scalar(&random)
    }

    static func element(_ random: inout SeededRandom) -> String {
        let text = "\"\(random.pick(strings))\""
        switch random.int(22) {
        case 0..<4: return scalar(&random)
        case 4: return "{\"prefix\":\(text)}"
        case 5: return "{\"suffix\":\(text)}"
        case 6: return "{\"equals-ignore-case\":\(text)}"
        case 7: return "{\"prefix\":{\"equals-ignore-case\":\(text)}}"
        case 8: return "{\"suffix\":{\"equals-ignore-case\":\(text)}}"
        case 9: return "{\"wildcard\":\"\(random.pick(["*", "a*", "*b", "a*b", "x*y*", "*.*", ""]))\"}"
        case 10: return "{\"anything-but\":\(random.chance(50) ? text : random.pick(numbers))}"
        case 11: return "{\"anything-but\":[\(text),\"\(random.pick(strings))\"]}"
        case 12: return "{\"anything-but\":{\"prefix\":\"\(random.pick(["a", "x", "1", "S"]))\"}}"
        case 13: return "{\"anything-but\":{\"equals-ignore-case\":[\(text)]}}"
        case 14: return "{\"numeric\":[\"\(random.pick(["<", "<=", ">", ">=", "="]))\",\(random.pick(numbers))]}"
        case 15: return "{\"numeric\":[\">\",\(random.pick(["-7", "0", "1"])),\"<=\",\(random.pick(["2.5", "5", "300"]))]}"
        case 16, 17: return "{\"exists\":\(random.chance(50))}"
        case 18: return "{\"cidr\":\"\(random.pick(["10.0.0.0/8", "10.0.0.0/28", "::/0", "2001:db8::/32", "0.0.0.0/0"]))\"}"
        case 19: return "{\"exactly\":\(text)}"
        case 20: return "{\"anything-but\":{\"wildcard\":\"\(random.pick(["a*", "*b", "x"]))\"}}"
        default: return "{\"anything-but\":{\"suffix\":[\"\(random.pick(["b", "y", "1"]))\"]}}"
        }
    }

    static func fields(_ random: inout SeededRandom, depth: Int = 0) -> String {
        let count = 1 + random.int(3)
        var members: [String] = []
        for _ in 0..<count {
            if depth < 2, random.chance(15) {
                members.append("\"$or\":[\(fields(&random, depth: depth + 1)),\(fields(&random, depth: depth + 1))]")
            } else if depth < 2, random.chance(20) {
                members.append("\"\(random.pick(keys))\":\(fields(&random, depth: depth + 1))")
            } else {
                let elements = (0..<(1 + random.int(3))).map { _ in element(&random) }
                members.append("\"\(random.pick(keys))\":[\(elements.joined(separator: ","))]")
            }
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// An event value biased towards arrays of objects over keys `a`, `b`, `c` (array consistency).
    static func arrayEvent(_ random: inout SeededRandom, depth: Int = 0) -> String {
        if depth >= 3 || random.chance(25) { return scalar(&random) }
        if random.chance(50) {
            let count = random.int(4)
            return "[" + (0..<count).map { _ in arrayEvent(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        }
        let count = 1 + random.int(3)
        let members = (0..<count).map { _ in "\"\(random.pick(["a", "b", "c"]))\":\(arrayEvent(&random, depth: depth + 1))" }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// A pattern nesting fields `a`, `b`, `c` up to three levels, so several fields meet inside arrays.
    static func nestedPattern(_ random: inout SeededRandom, depth: Int = 0) -> String {
        let count = 1 + random.int(3)
        var members: [String] = []
        for _ in 0..<count {
            let key = random.pick(["a", "b", "c"])
            if depth < 3, random.chance(45) {
                members.append("\"\(key)\":\(nestedPattern(&random, depth: depth + 1))")
            } else {
                members.append("\"\(key)\":[\(element(&random)),\(element(&random))]")
            }
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
