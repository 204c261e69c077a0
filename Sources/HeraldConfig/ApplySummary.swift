/// What ``HeraldConfigFile/apply(to:logger:)`` did, for the start-up log.
public struct ApplySummary: Sendable, Equatable, CustomStringConvertible {
    /// What happened to one resource.
    public enum Action: String, Sendable, Equatable {
        /// The resource did not exist and was created.
        case created
        /// The resource existed and differed; it was updated.
        case updated
        /// The resource already matched the file; nothing was written.
        case unchanged
        /// The resource was not in the file and `prune: true` deleted it.
        case deleted
    }

    /// One resource's outcome.
    public struct Change: Sendable, Equatable, CustomStringConvertible {
        /// `bus`, `connection`, `api-destination`, `rule`, `target` or `archive`.
        public var kind: String
        /// The resource name (`rule/target-id` for targets, `bus/rule` for rules on a custom bus).
        public var name: String
        /// What happened.
        public var action: Action

        /// Creates a change.
        public init(kind: String, name: String, action: Action) {
            self.kind = kind
            self.name = name
            self.action = action
        }

        /// `rule cdp-fanout: created`.
        public var description: String { "\(kind) \(name): \(action.rawValue)" }
    }

    /// Every resource the file declares (and every pruned one), in apply order.
    public var changes: [Change] = []

    /// Creates an empty summary.
    public init(changes: [Change] = []) { self.changes = changes }

    /// Number of resources created.
    public var created: Int { count(.created) }
    /// Number of resources updated.
    public var updated: Int { count(.updated) }
    /// Number of resources that already matched.
    public var unchanged: Int { count(.unchanged) }
    /// Number of resources deleted by `prune`.
    public var deleted: Int { count(.deleted) }

    /// Number of changes with `action`.
    public func count(_ action: Action) -> Int { changes.filter { $0.action == action }.count }

    /// Records one outcome.
    mutating func record(_ kind: String, _ name: String, _ action: Action) {
        changes.append(Change(kind: kind, name: name, action: action))
    }

    /// `2 created, 1 updated, 5 unchanged, 0 deleted`.
    public var description: String {
        "\(created) created, \(updated) updated, \(unchanged) unchanged, \(deleted) deleted"
    }
}
