/// Identifies one target of one rule; its ``consumerName`` names the target's durable cursor in storage.
public struct TargetKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bus: String
    public var rule: String
    public var targetID: String

    public init(bus: String, rule: String, targetID: String) {
        self.bus = bus
        self.rule = rule
        self.targetID = targetID
    }

    /// The storage consumer name: `target/BUS/RULE/ID`.
    public var consumerName: String { "target/\(bus)/\(rule)/\(targetID)" }

    /// Parses a consumer name made by ``consumerName``.
    public init?(consumerName: String) {
        let parts = consumerName.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "target" else { return nil }
        self.init(bus: String(parts[1]), rule: String(parts[2]), targetID: String(parts[3]))
    }

    public static func < (lhs: TargetKey, rhs: TargetKey) -> Bool {
        (lhs.bus, lhs.rule, lhs.targetID) < (rhs.bus, rhs.rule, rhs.targetID)
    }

    /// `BUS/RULE/ID`.
    public var description: String { "\(bus)/\(rule)/\(targetID)" }
}
