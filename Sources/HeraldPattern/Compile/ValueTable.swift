/// Interns every exact value the rules mention, so leaves and tests compare as integers.
struct ValueTable: Sendable {
    /// Exact values as the matcher compares them.
    enum Value: Hashable, Sendable {
        /// A string, byte for byte.
        case string(ByteString)
        /// A comparable number, by value.
        case number(Double)
        /// A non-comparable number, by literal text.
        case numberText(ByteString)
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null
        /// An IP address, as AWS's hex digits.
        case ipAddress([UInt8])
    }

    private(set) var ids: [Value: Int32] = [:]

    /// The id of a value, assigning one if new.
    mutating func intern(_ value: Value) -> Int32 {
        if let id = ids[value] { return id }
        let id = Int32(ids.count)
        ids[value] = id
        return id
    }

    /// The id of a value, or -1 if no rule mentions it.
    func id(of value: Value) -> Int32 {
        ids[value] ?? -1
    }

    /// The id of an event leaf's exact value, or -1.
    func id(of leaf: EventLeaf) -> Int32 {
        if ids.isEmpty { return -1 }
        return id(of: Self.value(of: leaf))
    }

    /// The exact value of an event leaf.
    static func value(of leaf: EventLeaf) -> Value {
        switch leaf {
        case .string(let text): return .string(ByteString(text))
        case .number(let number):
            if let value = number.value { return .number(value) }
            return .numberText(ByteString(number.literal))
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        }
    }

    /// The exact value of an exact test, or `nil` for other tests.
    static func value(of test: LeafTest) -> Value? {
        switch test {
        case .string(let bytes): return .string(ByteString(String(decoding: bytes, as: UTF8.self)))
        case .ipAddress(let range): return .ipAddress(range.exactDigits)
        case .number(let number):
            if let value = number.value { return .number(value) }
            return .numberText(ByteString(number.literal))
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        default: return nil
        }
    }
}

extension IPRange {
    /// The address digits of a single-address range built by ``init(exactAddress:)``.
    var exactDigits: [UInt8] { lowerOpen ? upper : lower }
}
