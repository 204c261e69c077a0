/// Identifies a rule: its bus and its name.
public struct RuleKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The bus name.
    public var bus: String
    /// The rule name.
    public var name: String

    /// Creates a key.
    public init(bus: String, name: String) {
        self.bus = bus
        self.name = name
    }

    /// Orders by bus, then name.
    public static func < (lhs: RuleKey, rhs: RuleKey) -> Bool { (lhs.bus, lhs.name) < (rhs.bus, rhs.name) }

    /// `BUS/NAME`.
    public var description: String { "\(bus)/\(name)" }
}

/// An immutable view of the whole catalog at one ``version``.
///
/// The delivery engine rebuilds its matcher from a snapshot whenever the version changes.
public struct CatalogSnapshot: Sendable, Equatable {
    /// Increases by one with every committed change (starts at 0 after loading).
    public internal(set) var version: UInt64
    /// Event buses by name.
    public internal(set) var eventBuses: [String: EventBus]
    /// Rules (with their targets) by bus and name.
    public internal(set) var rules: [RuleKey: Rule]
    /// Connections by name (secrets included: do not serialize snapshots to clients).
    public internal(set) var connections: [String: Connection]
    /// API destinations by name.
    public internal(set) var apiDestinations: [String: ApiDestination]
    /// Archives by name.
    public internal(set) var archives: [String: Archive]
    /// Replays by name.
    public internal(set) var replays: [String: Replay]
    /// Tags by resource ARN.
    public internal(set) var tags: [String: [Tag]]

    /// An empty catalog at version 0.
    public init() {
        version = 0
        eventBuses = [:]
        rules = [:]
        connections = [:]
        apiDestinations = [:]
        archives = [:]
        replays = [:]
        tags = [:]
    }

    /// The rules of one bus, sorted by name.
    public func rules(onBus bus: String) -> [Rule] {
        rules.filter { $0.key.bus == bus }.sorted { $0.key.name < $1.key.name }.map(\.value)
    }

    /// The rule with the given ARN, if any.
    public func rule(arn: String) -> Rule? { rules.values.first { $0.arn == arn } }

    /// The connection with the given ARN, if any.
    public func connection(arn: String) -> Connection? { connections.values.first { $0.arn == arn } }

    /// The API destination with the given ARN, if any.
    public func apiDestination(arn: String) -> ApiDestination? { apiDestinations.values.first { $0.arn == arn } }

    /// The archive with the given ARN, if any.
    public func archive(arn: String) -> Archive? { archives.values.first { $0.arn == arn } }

    /// The bus with the given ARN, if any.
    public func eventBus(arn: String) -> EventBus? { eventBuses.values.first { $0.arn == arn } }
}
