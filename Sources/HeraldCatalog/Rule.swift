import Foundation

/// Whether a rule's targets are invoked (`RuleState`).
public enum RuleState: String, Sendable, Codable, CaseIterable {
    /// Matching events are delivered.
    case enabled = "ENABLED"
    /// The rule is kept but does nothing.
    case disabled = "DISABLED"
    /// AWS-specific CloudTrail variant; Herald treats it as ``enabled``.
    case enabledWithAllCloudTrailManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"

    /// Whether events should be delivered.
    public var isEnabled: Bool { self != .disabled }
}

/// A rule on an event bus, with its targets.
public struct Rule: Sendable, Equatable, Codable {
    /// The rule name (1–64 characters of `[\.\-_A-Za-z0-9]`).
    public var name: String
    /// `arn:aws:events:REGION:ACCOUNT:rule/NAME` on the default bus, `rule/BUS/NAME` otherwise.
    public var arn: String
    /// The name of the bus the rule belongs to.
    public var eventBusName: String
    /// The event pattern as JSON text, if the rule matches events.
    public var eventPattern: String?
    /// `rate(...)` or `cron(...)`, if the rule runs on a schedule.
    public var scheduleExpression: String?
    /// Whether the rule is enabled.
    public var state: RuleState
    /// Optional description (≤ 512 characters).
    public var description: String?
    /// Role ARN (recorded only).
    public var roleArn: String?
    /// Set when the rule is managed by a service; such rules need `Force` to change.
    public var managedBy: String?
    /// The account that created the rule.
    public var createdBy: String?
    /// The rule's targets, in the order they were first added.
    public var targets: [Target]
    /// When the rule was created (Herald bookkeeping; not in the EventBridge shapes).
    public var creationTime: Date

    /// Creates a rule record.
    public init(
        name: String, arn: String, eventBusName: String, eventPattern: String? = nil, scheduleExpression: String? = nil,
        state: RuleState = .enabled, description: String? = nil, roleArn: String? = nil, managedBy: String? = nil,
        createdBy: String? = nil, targets: [Target] = [], creationTime: Date
    ) {
        self.name = name
        self.arn = arn
        self.eventBusName = eventBusName
        self.eventPattern = eventPattern
        self.scheduleExpression = scheduleExpression
        self.state = state
        self.description = description
        self.roleArn = roleArn
        self.managedBy = managedBy
        self.createdBy = createdBy
        self.targets = targets
        self.creationTime = creationTime
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", arn = "Arn", eventBusName = "EventBusName", eventPattern = "EventPattern"
        case scheduleExpression = "ScheduleExpression", state = "State", description = "Description"
        case roleArn = "RoleArn", managedBy = "ManagedBy", createdBy = "CreatedBy", targets = "Targets"
        case creationTime = "CreationTime"
    }
}

/// The members of a `PutRule` request.
public struct PutRuleInput: Sendable, Equatable, Codable {
    /// The rule name.
    public var name: String?
    /// `rate(...)` or `cron(...)`; only on the default bus.
    public var scheduleExpression: String?
    /// Event pattern JSON text.
    public var eventPattern: String?
    /// Raw state; validated against ``RuleState``. Defaults to `ENABLED`.
    public var state: String?
    /// Optional description.
    public var description: String?
    /// Role ARN (recorded only).
    public var roleArn: String?
    /// Tags to attach when the rule is created.
    public var tags: [Tag]?
    /// Bus name or ARN; defaults to `default`.
    public var eventBusName: String?

    /// Creates the input.
    public init(
        name: String?, scheduleExpression: String? = nil, eventPattern: String? = nil, state: String? = nil,
        description: String? = nil, roleArn: String? = nil, tags: [Tag]? = nil, eventBusName: String? = nil
    ) {
        self.name = name
        self.scheduleExpression = scheduleExpression
        self.eventPattern = eventPattern
        self.state = state
        self.description = description
        self.roleArn = roleArn
        self.tags = tags
        self.eventBusName = eventBusName
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", scheduleExpression = "ScheduleExpression", eventPattern = "EventPattern", state = "State"
        case description = "Description", roleArn = "RoleArn", tags = "Tags", eventBusName = "EventBusName"
    }
}
