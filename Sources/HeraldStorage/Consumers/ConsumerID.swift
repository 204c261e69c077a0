/// A consumer's compact numeric id (assigned by `ConsumerStore.register`, never reused while it exists).
public struct ConsumerID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id's value (stored big-endian in keys).
    public let rawValue: UInt32

    /// Wraps a raw id.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Orders ids numerically.
    public static func < (lhs: ConsumerID, rhs: ConsumerID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The decimal id.
    public var description: String { String(rawValue) }
}

/// A registered consumer and its durable cursor.
public struct ConsumerInfo: Sendable, Hashable {
    /// The consumer's name (e.g. a target id).
    public let name: String
    /// Its numeric id.
    public let id: ConsumerID
    /// The next sequence it will consider.
    public let cursor: UInt64

    /// Creates a value.
    public init(name: String, id: ConsumerID, cursor: UInt64) {
        self.name = name
        self.id = id
        self.cursor = cursor
    }
}
