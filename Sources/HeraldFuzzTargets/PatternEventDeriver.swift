import HeraldJSON
import HeraldPattern

/// Builds events that a pattern is likely to match (and near misses), so the compiled matcher and the
/// reference interpreter are compared on interesting events rather than on random noise.
struct PatternEventDeriver {
    private var random: FuzzRandom
    private static let addresses = ["10.0.0.1", "10.1.2.3", "192.168.0.1", "0.0.0.0", "::1", "2001:db8::1", "fe80::"]
    private static let noise: [JSONValue] = [
        .string(""), .string("x"), .string("A"), .number(JSONNumber(0)), .number(JSONNumber(-1)),
        .number(JSONNumber(literal: "2.5e1") ?? JSONNumber(25)), .bool(true), .bool(false), .null,
        .array([]), .object(JSONObject()),
    ]

    init(random: FuzzRandom) {
        self.random = random
    }

    /// One event for `pattern`: a branch is picked and each field gets a value derived from one of its matchers.
    mutating func event(for pattern: EventPattern) -> JSONValue {
        var root = JSONObject()
        guard !pattern.branches.isEmpty else { return .object(root) }
        let branch = random.pick(pattern.branches)
        for field in branch.fields {
            if random.chance(8) { continue }
            var values: [JSONValue] = []
            for _ in 0..<(random.chance(20) ? 2 : 1) {
                guard let value = value(for: field.matchers) else { continue }
                values.append(value)
            }
            guard !values.isEmpty else { continue }
            let leaf: JSONValue = values.count == 1 && random.chance(80) ? values[0] : .array(values)
            let path = field.path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            insert(leaf, at: path[...], into: &root)
        }
        return .object(root)
    }

    private mutating func insert(_ leaf: JSONValue, at path: ArraySlice<String>, into object: inout JSONObject) {
        guard let key = path.first else { return }
        let rest = path.dropFirst()
        if rest.isEmpty {
            if random.chance(10) {
                object.append(key: key, value: leaf)
            } else {
                object[key] = leaf
            }
            return
        }
        var child: JSONObject
        if case .object(let existing)? = object[key] {
            child = existing
        } else {
            child = JSONObject()
        }
        insert(leaf, at: rest, into: &child)
        if random.chance(15) {
            object[key] = .array([.object(child), random.pick(Self.noise)])
        } else {
            object[key] = .object(child)
        }
    }

    private mutating func value(for matchers: [ValueMatcher]) -> JSONValue? {
        if matchers.isEmpty || random.chance(10) { return random.pick(Self.noise) }
        return value(for: random.pick(matchers))
    }

    private mutating func filler() -> String {
        random.pick(["", "x", "Z", "-", "ß", "é", "*"])
    }

    private mutating func value(for matcher: ValueMatcher) -> JSONValue? {
        switch matcher {
        case .string(let text, _), .exactly(let text):
            return .string(random.chance(85) ? text.string : text.string + filler())
        case .number(let number):
            return JSONNumber(literal: number.literal).map(JSONValue.number) ?? .number(JSONNumber(1))
        case .bool(let flag):
            return .bool(random.chance(85) ? flag : !flag)
        case .null:
            return .null
        case .prefix(let text):
            return .string(text.string + filler())
        case .suffix(let text):
            return .string(filler() + text.string)
        case .prefixIgnoreCase(let pattern):
            return .string(spell(pattern) + filler())
        case .suffixIgnoreCase(let pattern):
            return .string(filler() + spell(pattern))
        case .equalsIgnoreCase(let pattern):
            return .string(spell(pattern))
        case .wildcard(let pattern):
            return .string(fill(pattern))
        case .anythingBut(let condition):
            return anythingBut(condition)
        case .numeric(let range):
            return number(near: range)
        case .exists(let present):
            return present || random.chance(30) ? random.pick(Self.noise) : nil
        case .cidr(let range):
            return .string(address(in: range))
        }
    }

    private mutating func spell(_ pattern: IgnoreCasePattern) -> String {
        var bytes: [UInt8] = []
        for alternatives in pattern.units where !alternatives.isEmpty {
            bytes += random.pick(alternatives)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func fill(_ pattern: WildcardPattern) -> String {
        var bytes: [UInt8] = []
        for (index, segment) in pattern.segments.enumerated() {
            if index > 0 { bytes += Array(filler().utf8) }
            bytes += segment
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func anythingBut(_ condition: AnythingBut) -> JSONValue {
        let excluded = random.chance(60)
        switch condition {
        case .strings(let texts):
            guard excluded, let text = texts.sorted().randomElement(using: &random) else { return .string("other") }
            return .string(text.string)
        case .numbers(let values):
            guard excluded, let value = values.sorted().randomElement(using: &random), let number = JSONNumber(value) else {
                return .number(JSONNumber(7))
            }
            return .number(number)
        case .prefixes(let texts):
            guard excluded, let text = texts.randomElement(using: &random) else { return .string("other") }
            return .string(text + filler())
        case .suffixes(let texts):
            guard excluded, let text = texts.randomElement(using: &random) else { return .string("other") }
            return .string(filler() + text)
        case .equalsIgnoreCase(let patterns):
            guard excluded, !patterns.isEmpty else { return .string("other") }
            return .string(spell(random.pick(patterns)))
        case .wildcards(let patterns):
            guard excluded, !patterns.isEmpty else { return .string("other") }
            return .string(fill(random.pick(patterns)))
        }
    }

    private mutating func number(near range: NumericRange) -> JSONValue {
        let bounds = [range.lower?.value, range.upper?.value].compactMap { $0 }
        let base = bounds.isEmpty ? 0 : random.pick(bounds)
        let offset = random.pick([0, 0, 1, -1, 0.5, -0.5, 1e-9])
        let candidate = base + offset
        if let number = JSONNumber(candidate) { return .number(number) }
        return .number(JSONNumber(0))
    }

    private mutating func address(in range: IPRange) -> String {
        guard random.chance(70) else { return random.pick(Self.addresses) }
        let hex = random.chance(50) ? range.lower : range.upper
        let digits = hex.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        if digits.count == 8 {
            return stride(from: 0, to: 8, by: 2).map { String(Int(digits[$0]) * 16 + Int(digits[$0 + 1])) }
                .joined(separator: ".")
        }
        if digits.count == 32 {
            return stride(from: 0, to: 32, by: 4).map { start in
                String(digits[start..<(start + 4)].reduce(0) { $0 * 16 + Int($1) }, radix: 16)
            }.joined(separator: ":")
        }
        return random.pick(Self.addresses)
    }
}

extension FuzzRandom: RandomNumberGenerator {}
