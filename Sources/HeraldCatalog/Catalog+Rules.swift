extension Catalog {
    /// `PutRule`: creates a rule or replaces an existing one's definition (its targets and tags are kept).
    /// - Returns: the stored rule.
    /// - Throws: `ValidationException`, `InvalidEventPatternException`, `ResourceNotFoundException` (bus),
    ///   `LimitExceededException`, `ManagedRuleException`.
    public func putRule(_ input: PutRuleInput) throws(CatalogError) -> Rule {
        var v = ShapeValidator()
        v.string(input.name, "name", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        v.string(input.scheduleExpression, "scheduleExpression", max: 256)
        v.string(input.eventPattern, "eventPattern", max: 4096)
        v.enumeration(input.state, "state", allowed: RuleState.allCases.map(\.rawValue))
        v.string(input.description, "description", max: 512)
        v.string(input.roleArn, "roleArn", min: 1, max: 1600)
        v.string(input.eventBusName, "eventBusName", min: 1, max: 1600, pattern: ModelPattern.eventBusNameOrArn)
        Tag.validate(input.tags, "tags", into: &v)
        try v.check()
        guard let name = input.name else { throw .validation("Name is required.") }
        let bus = try requireBus(input.eventBusName)
        let pattern = input.eventPattern.flatMap { $0.isEmpty ? nil : $0 }
        let schedule = input.scheduleExpression.flatMap { $0.isEmpty ? nil : $0 }
        if pattern == nil && schedule == nil {
            throw .validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
        }
        if let schedule {
            if bus.name != EventBus.defaultName {
                throw .validation("ScheduleExpression is supported only on the default event bus.")
            }
            if !ScheduleExpression.isValid(schedule) { throw .validation("Parameter ScheduleExpression is not valid.") }
        }
        if let pattern { try patterns.validate(pattern: pattern) }
        let key = RuleKey(bus: bus.name, name: name)
        let existing = state.rules[key]
        if let existing, let managedBy = existing.managedBy {
            throw .managedRule("Rule \(name) is managed by \(managedBy) and cannot be modified.")
        }
        if existing == nil {
            let count = state.rules.keys.filter { $0.bus == bus.name }.count
            guard count < configuration.maxRulesPerBus else {
                throw .limitExceeded("The requested resource exceeds the maximum number allowed (\(configuration.maxRulesPerBus) rules per event bus).")
            }
            try checkTagCount(input.tags)
        }
        let rule = Rule(
            name: name, arn: arns.rule(name, bus: bus.name), eventBusName: bus.name, eventPattern: pattern,
            scheduleExpression: schedule, state: input.state.flatMap(RuleState.init(rawValue:)) ?? .enabled,
            description: input.description, roleArn: input.roleArn, createdBy: configuration.accountID,
            targets: existing?.targets ?? [], creationTime: existing?.creationTime ?? now()
        )
        var next = state
        next.rules[key] = rule
        var changes: [String: [UInt8]?] = [CatalogRecords.key(rule: key): try CatalogRecords.encode(rule)]
        if existing == nil, let tags = input.tags, !tags.isEmpty {
            next.tags[rule.arn] = tags
            changes[CatalogRecords.key(tags: rule.arn)] = try CatalogRecords.encode(tags)
        }
        try commit(next, changes)
        return rule
    }

    /// `DescribeRule`.
    /// - Throws: `ResourceNotFoundException` for a missing bus or rule.
    public func describeRule(name: String?, eventBusName: String?) throws(CatalogError) -> Rule {
        try requireRule(name: name, eventBusName: eventBusName, path: "name").rule
    }

    /// `ListRules` of a bus (default when nil), filtered by name prefix and sorted by name.
    public func listRules(eventBusName: String?, namePrefix: String?, page: PageRequest) throws(CatalogError) -> Page<Rule> {
        var v = ShapeValidator()
        v.string(namePrefix, "namePrefix", min: 1, max: 64, pattern: ModelPattern.name)
        v.string(eventBusName, "eventBusName", min: 1, max: 1600, pattern: ModelPattern.eventBusNameOrArn)
        try v.check()
        let bus = try requireBus(eventBusName)
        let rules = state.rules(onBus: bus.name).filter { $0.name.hasPrefix(namePrefix ?? "") }
        return try Paginator.page(rules, key: \.name, page)
    }

    /// `DeleteRule`: refuses while the rule has targets unless `force`; a missing rule is not an error (as in AWS).
    /// - Throws: `ValidationException` (targets remain), `ManagedRuleException`, `ResourceNotFoundException` (bus).
    public func deleteRule(name: String?, eventBusName: String?, force: Bool) throws(CatalogError) {
        var v = ShapeValidator()
        v.string(name, "name", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        v.string(eventBusName, "eventBusName", min: 1, max: 1600, pattern: ModelPattern.eventBusNameOrArn)
        try v.check()
        let bus = try requireBus(eventBusName)
        guard let name, let rule = state.rules[RuleKey(bus: bus.name, name: name)] else { return }
        if let managedBy = rule.managedBy, !force {
            throw .managedRule("Rule \(name) is managed by \(managedBy); use Force to delete it.")
        }
        if !rule.targets.isEmpty && !force { throw .validation("Rule can't be deleted since it has targets.") }
        let key = RuleKey(bus: bus.name, name: name)
        var next = state
        next.rules[key] = nil
        next.tags[rule.arn] = nil
        try commit(next, [CatalogRecords.key(rule: key): nil, CatalogRecords.key(tags: rule.arn): nil])
    }

    /// `EnableRule` / `DisableRule`.
    /// - Throws: `ResourceNotFoundException`, `ManagedRuleException`.
    public func setRuleState(name: String?, eventBusName: String?, enabled: Bool) throws(CatalogError) {
        let (key, rule) = try requireRule(name: name, eventBusName: eventBusName, path: "name")
        if let managedBy = rule.managedBy {
            throw .managedRule("Rule \(rule.name) is managed by \(managedBy) and cannot be modified.")
        }
        var updated = rule
        updated.state = enabled ? .enabled : .disabled
        guard updated != rule else { return }
        var next = state
        next.rules[key] = updated
        try commit(next, [CatalogRecords.key(rule: key): try CatalogRecords.encode(updated)])
    }

    /// Validates the rule name and bus, then returns the rule or throws `ResourceNotFoundException`.
    func requireRule(name: String?, eventBusName: String?, path: String) throws(CatalogError) -> (key: RuleKey, rule: Rule) {
        var v = ShapeValidator()
        v.string(name, path, required: true, min: 1, max: 64, pattern: ModelPattern.name)
        v.string(eventBusName, "eventBusName", min: 1, max: 1600, pattern: ModelPattern.eventBusNameOrArn)
        try v.check()
        let bus = try requireBus(eventBusName)
        let key = RuleKey(bus: bus.name, name: name ?? "")
        guard let rule = state.rules[key] else {
            throw .resourceNotFound("Rule \(key.name) does not exist on EventBus \(bus.name).")
        }
        return (key, rule)
    }
}
