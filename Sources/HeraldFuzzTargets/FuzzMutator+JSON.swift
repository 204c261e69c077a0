import HeraldJSON

extension FuzzMutator {
    /// Values grafted into JSON trees: pattern operators, tricky strings and numbers.
    static let graftValues: [JSONValue] = [
        #"{"prefix":"a"}"#, #"{"suffix":"b"}"#, #"{"prefix":{"equals-ignore-case":"aB"}}"#,
        #"{"suffix":{"equals-ignore-case":"ß"}}"#, #"{"equals-ignore-case":"ǅx"}"#, #"{"wildcard":"a*b*"}"#,
        #"{"wildcard":"\\**"}"#, #"{"anything-but":["a","b"]}"#, #"{"anything-but":[1,2.5]}"#,
        #"{"anything-but":{"prefix":"a"}}"#, #"{"anything-but":{"suffix":["b"]}}"#,
        #"{"anything-but":{"equals-ignore-case":["A"]}}"#, #"{"anything-but":{"wildcard":"*a"}}"#,
        #"{"numeric":[">",0]}"#, #"{"numeric":[">=",-1,"<",1e2]}"#, #"{"numeric":["=",5]}"#, #"{"exists":true}"#,
        #"{"exists":false}"#, #"{"cidr":"10.0.0.0/8"}"#, #"{"cidr":"2001:db8::/33"}"#, #"{"exactly":"a"}"#,
        #"[{"a":["x"]},{"b":[1]}]"#, #"["a","b",1,null,true]"#, #"[]"#, #"{}"#, #""""#, #""a""#, #""ab""#, #""AB""#,
        #""ß""#, #""10.0.0.1""#, #""\u0000""#, #""a*b""#, "0", "-0", "1", "2.5", "1e2", "100", "-1e-7",
        "12345678901234567890", "true", "false", "null",
    ].compactMap { try? JSONValue(parsing: $0) }

    /// Keys grafted into objects.
    static let graftKeys = [
        "a", "b", "c", "a.b", "detail", "source", "$or", "prefix", "suffix", "anything-but", "numeric", "exists",
        "cidr", "wildcard", "equals-ignore-case", "exactly", "type", "data", "email_id", "created_at", "tags", "",
    ]

    /// Mutates the JSON document on the first line of `bytes` as a tree (graft, delete, duplicate, wrap), keeping
    /// any further lines; returns `nil` when the first line is not JSON.
    func mutateJSONTree(_ bytes: [UInt8], random: inout FuzzRandom) -> [UInt8]? {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        guard newline > 0, let value = try? JSONValue(parsing: bytes[..<newline], maximumDepth: 64) else { return nil }
        var nodes = 0
        Self.count(value, into: &nodes)
        var target = random.int(nodes)
        let mutated = Self.mutate(value, at: &target, root: value, random: &random)
        return mutated.jsonBytes + bytes[newline...]
    }

    private static func count(_ value: JSONValue, into total: inout Int) {
        total += 1
        switch value {
        case .object(let object): for member in object { count(member.value, into: &total) }
        case .array(let elements): for element in elements { count(element, into: &total) }
        default: break
        }
    }

    /// Walks to the `target`-th node (pre-order) and mutates it.
    private static func mutate(_ value: JSONValue, at target: inout Int, root: JSONValue, random: inout FuzzRandom) -> JSONValue {
        if target == 0 {
            target = -1
            return mutateNode(value, root: root, random: &random)
        }
        target -= 1
        switch value {
        case .object(let object):
            var members: [JSONObject.Member] = []
            for member in object.members {
                members.append(.init(key: member.key, value: target < 0 ? member.value : mutate(member.value, at: &target, root: root, random: &random)))
            }
            return .object(JSONObject(members: members))
        case .array(let elements):
            return .array(elements.map { target < 0 ? $0 : mutate($0, at: &target, root: root, random: &random) })
        default:
            return value
        }
    }

    private static func mutateNode(_ value: JSONValue, root: JSONValue, random: inout FuzzRandom) -> JSONValue {
        switch (value, random.int(4)) {
        case (.object(let object), 0), (.object(let object), 1):
            var members = object.members
            switch random.int(3) {
            case 0: members.insert(.init(key: random.pick(graftKeys), value: random.pick(graftValues)), at: random.int(members.count + 1))
            case 1 where !members.isEmpty: members.remove(at: random.int(members.count))
            default: if let member = members.randomElement(using: &random) { members.append(member) }
            }
            return .object(JSONObject(members: members))
        case (.array(var elements), 0), (.array(var elements), 1):
            switch random.int(3) {
            case 0: elements.insert(random.pick(graftValues), at: random.int(elements.count + 1))
            case 1 where !elements.isEmpty: elements.remove(at: random.int(elements.count))
            default: if let element = elements.randomElement(using: &random) { elements.append(element) }
            }
            return .array(elements)
        case (.string(let text), 0):
            let pieces = ["", "a", "B", "*", "\\", "ß", "é", "\u{0}", ".", "/8", "::"]
            return .string(random.chance(50) ? text + random.pick(pieces) : random.pick(pieces) + String(text.dropFirst()))
        case (_, 2):
            return .array([value, random.pick(graftValues)])
        case (_, 3) where random.chance(30):
            var nodes: [JSONValue] = []
            collect(root, into: &nodes)
            return random.pick(nodes)
        default:
            return random.pick(graftValues)
        }
    }

    private static func collect(_ value: JSONValue, into nodes: inout [JSONValue]) {
        nodes.append(value)
        switch value {
        case .object(let object): for member in object { collect(member.value, into: &nodes) }
        case .array(let elements): for element in elements { collect(element, into: &nodes) }
        default: break
        }
    }
}
