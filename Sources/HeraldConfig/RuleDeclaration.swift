import HeraldCatalog

/// A rule declared in the file, with its targets.
public struct RuleDeclaration: Sendable, Equatable {
    /// The `PutRule` request the rule stands for (the event pattern as JSON text).
    public var input: PutRuleInput
    /// The rule's targets, in file order.
    public var targets: [TargetDeclaration]
    /// Where the rule and its members are in the file.
    public var sources: SourceMap

    /// Creates a declaration.
    public init(input: PutRuleInput, targets: [TargetDeclaration], sources: SourceMap) {
        self.input = input
        self.targets = targets
        self.sources = sources
    }

    /// The rule's bus (`default` when not given).
    public var busName: String { input.eventBusName ?? EventBus.defaultName }

    /// Every key a rule mapping accepts.
    static let keys = [
        "Name", "EventBusName", "Bus", "EventPattern", "Pattern", "ScheduleExpression", "Schedule", "State", "Enabled",
        "Description", "RoleArn", "Tags", "Targets",
    ]

    /// Parses one rule; `name` is the mapping key when rules are given as a mapping of name to rule.
    static func parse(
        _ node: ConfigNode, name nameNode: ConfigNode?, channels: [String: ChannelDeclaration] = [:]
    ) throws(ConfigError) -> RuleDeclaration {
        let map = try node.mapping(keys)
        var sources = SourceMap(root: node.site)
        let name = try ResourceName.read(map, entryName: nameNode, owner: node, maxLength: 64, sources: &sources)
        var input = PutRuleInput(name: name)
        if let bus = try map.first("EventBusName", "Bus") {
            sources.record("eventBusName", bus)
            input.eventBusName = try bus.nonEmptyString()
        }
        if let pattern = try map.first("EventPattern", "Pattern") {
            sources.record("eventPattern", pattern)
            let text = try pattern.jsonText("EventPattern")
            try PatternCheck.validate(text, node: pattern)
            input.eventPattern = text
        }
        if let schedule = try map.first("ScheduleExpression", "Schedule") {
            sources.record("scheduleExpression", schedule)
            input.scheduleExpression = try schedule.nonEmptyString()
        }
        if input.eventPattern == nil && input.scheduleExpression == nil {
            throw node.error(.missingKey, "a rule needs EventPattern or ScheduleExpression")
        }
        if let state = try map.first("State", "Enabled") {
            sources.record("state", state)
            if map["Enabled"] != nil {
                input.state = try state.bool() ? RuleState.enabled.rawValue : RuleState.disabled.rawValue
            } else {
                let value = try state.string().uppercased()
                guard value == "ENABLED" || value == "DISABLED" else { throw state.error(.invalidValue, "must be ENABLED or DISABLED") }
                input.state = value
            }
        }
        if let description = map["Description"] {
            sources.record("description", description)
            input.description = try description.string()
        }
        if let role = map["RoleArn"] {
            sources.record("roleArn", role)
            input.roleArn = try role.string()
        }
        if let tags = map["Tags"] {
            sources.record("tags", tags)
            input.tags = try TagList.parse(tags)
        }
        var targets: [TargetDeclaration] = []
        if let list = map["Targets"] {
            sources.record("targets", list)
            var seen: [String: ConfigNode] = [:]
            for item in try list.sequence() {
                let target = try TargetDeclaration.parse(item, channels: channels)
                if seen[target.target.id] != nil {
                    throw item.error(.invalidValue, "target Id '\(target.target.id)' is used twice in this rule")
                }
                seen[target.target.id] = item
                targets.append(target)
            }
        }
        return RuleDeclaration(input: input, targets: targets, sources: sources)
    }
}
