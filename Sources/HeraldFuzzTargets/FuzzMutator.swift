/// Mutates fuzz inputs: JSON-tree mutations when the first line is JSON (graft operators and values, delete,
/// duplicate, wrap in arrays), bit flips, byte inserts and deletes, range duplication, splices with other corpus
/// entries, and insertion of dictionary tokens (pattern operators, JSON escapes, deep nesting, form and
/// signature syntax) that blind byte mutation would rarely produce.
public struct FuzzMutator: Sendable {
    /// Tokens inserted or substituted by the dictionary mutations.
    public static let defaultDictionary: [String] = [
        #""prefix""#, #""suffix""#, #"{"numeric":["#, #"{"numeric":[">",0,"<=",5]}"#, #""anything-but""#,
        #"{"anything-but":{"prefix":"x"}}"#, #""equals-ignore-case""#, #""wildcard""#, #"{"wildcard":"a*b**c"}"#,
        #""exists""#, #"{"exists":false}"#, #""cidr""#, #"{"cidr":"10.0.0.0/24"}"#, #""exactly""#, #""$or""#,
        #"\u0000"#, #"\ud800"#, #"\udc00"#, #"\ud83d\ude00"#, #"\""#, #"\\"#, #"\/"#, "\u{0}", "\u{7F}", "ß", "İ", "ǅ",
        "1e400", "-0", "-0.0", "12345678901234567890", "1E-7", "0.1e+1", "true", "false", "null", "[]", "{}",
        #"[{"a":["#, #"{"detail":{"#, "*", "\\*", "\n", "\r\n", "\r", "%", "%2", "%FF", "%C3%A9", "%00", "+", "&", "=",
        "<", ">", "<aws.events.event>", "<aws.events.event.json>", "<aws.events.rule-arn>", "<v>", "<s>", "<o>",
        "$.detail", "$['a b']", "[*]", "[0]", ".*", "v1,", "v2,", "whsec_", "sha256=", "bodySHA256=", ":443", ":",
        "https://", "http://user@host:8080/p?q=1", "#frag", "MessageSid=SM1&MessageStatus=delivered",
        "ChannelPrefix=whatsapp", "ErrorCode=30003", #"{"type":"email.bounced","data":{"email_id":"e1","#,
        #""created_at":"2024-02-22T23:41:12.126Z""#, #""tags":{"correlation_id":"c1"}"#,
        #""time":"2024-01-01T00:00:00Z""#, #""time":"2024-02-30T25:61:61.9999999999Z""#, "key=k1,algorithm=HMAC_SHA256",
    ]

    private let dictionary: [[UInt8]]

    /// Creates a mutator.
    /// - Parameter dictionary: Tokens for the dictionary mutations.
    public init(dictionary: [String] = FuzzMutator.defaultDictionary) {
        self.dictionary = dictionary.map { Array($0.utf8) }
    }

    /// Applies one to eight stacked mutations to `input`.
    /// - Parameters:
    ///   - input: The input to mutate.
    ///   - pool: Other inputs to splice from (may be empty).
    ///   - maximumLength: The result is cut to this length.
    ///   - random: The random source.
    /// - Returns: The mutated bytes.
    public func mutate(
        _ input: [UInt8], pool: [[UInt8]], maximumLength: Int, random: inout FuzzRandom
    ) -> [UInt8] {
        var bytes = input
        if random.chance(60), let tree = mutateJSONTree(bytes, random: &random) {
            // Structure-aware: keeps the document valid JSON so the code behind the parser gets exercised.
            bytes = tree
            if random.chance(85) {
                for _ in 0..<(1 + random.int(3)) { bytes = mutateJSONTree(bytes, random: &random) ?? bytes }
                if bytes.count > maximumLength { bytes.removeLast(bytes.count - maximumLength) }
                return bytes
            }
        }
        for _ in 0..<(1 + random.int(random.chance(70) ? 3 : 8)) {
            mutateOnce(&bytes, pool: pool, random: &random)
        }
        if bytes.count > maximumLength { bytes.removeLast(bytes.count - maximumLength) }
        return bytes
    }

    private func mutateOnce(_ bytes: inout [UInt8], pool: [[UInt8]], random: inout FuzzRandom) {
        let position = random.int(bytes.count + 1)
        switch random.int(13) {
        case 0 where !bytes.isEmpty:
            bytes[random.int(bytes.count)] ^= 1 << UInt8(random.int(8))
        case 1 where !bytes.isEmpty:
            bytes[random.int(bytes.count)] = random.pick([0, 0x7F, 0x80, 0xBF, 0xC0, 0xE2, 0xED, 0xF4, 0xFF, 0x22, 0x5C])
        case 2:
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        case 3 where !bytes.isEmpty:
            let start = random.int(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.int(8)))
        case 4 where !bytes.isEmpty:
            let start = random.int(bytes.count)
            let slice = bytes[start..<min(bytes.count, start + 1 + random.int(16))]
            bytes.insert(contentsOf: Array(slice), at: random.int(bytes.count + 1))
        case 5, 6:
            bytes.insert(contentsOf: random.pick(dictionary), at: position)
        case 7 where !bytes.isEmpty:
            let start = random.int(bytes.count)
            bytes.replaceSubrange(start..<min(bytes.count, start + 1 + random.int(6)), with: random.pick(dictionary))
        case 8 where !pool.isEmpty:
            let other = random.pick(pool)
            let cut = random.int(other.count + 1)
            bytes = Array(bytes.prefix(position)) + Array(other[cut...])
        case 9:
            let depth = 1 + random.int(random.chance(80) ? 16 : 600)
            let open = random.pick([Array("[".utf8), Array(#"{"a":"#.utf8), Array(#"{"a":["#.utf8)])
            bytes.insert(contentsOf: Array(repeating: open, count: depth).joined(), at: position)
        case 10 where bytes.count > 1:
            bytes.removeLast(1 + random.int(bytes.count - 1))
        case 11 where !bytes.isEmpty:
            // Replace a digit run or a byte with an ASCII digit or a sign: perturbs numbers and lengths.
            bytes[random.int(bytes.count)] = random.pick(Array("0123456789-+.eE".utf8))
        default:
            bytes.insert(contentsOf: Array(repeating: random.pick(Array("a* \"\\%<".utf8)), count: 1 + random.int(64)), at: position)
        }
    }
}
