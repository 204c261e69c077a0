import HeraldCatalog

/// `Rule` / `DescribeRuleResponse` as EventBridge answers them.
private struct RuleOutput: Encodable {
    var Name: String
    var Arn: String
    var EventPattern: String?
    var ScheduleExpression: String?
    var State: String
    var Description: String?
    var RoleArn: String?
    var ManagedBy: String?
    var EventBusName: String
    var CreatedBy: String?

    init(_ rule: Rule, includeCreatedBy: Bool) {
        Name = rule.name
        Arn = rule.arn
        EventPattern = rule.eventPattern
        ScheduleExpression = rule.scheduleExpression
        State = rule.state.rawValue
        Description = rule.description
        RoleArn = rule.roleArn
        ManagedBy = rule.managedBy
        EventBusName = rule.eventBusName
        CreatedBy = includeCreatedBy ? rule.createdBy : nil
    }
}

/// Requests naming a rule: `DescribeRule`, `EnableRule`, `DisableRule`, `DeleteRule`.
private struct RuleNameRequest: Decodable {
    var Name: String?
    var EventBusName: String?
    var Force: Bool?
}

/// `ListRules` input.
private struct ListRulesRequest: Decodable {
    var NamePrefix: String?
    var EventBusName: String?
    var NextToken: String?
    var Limit: Int?
}

extension EventBridgeAPI {
    /// `PutRule`: decodes the input, applies it and encodes the output.
    func putRule(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(PutRuleInput.self, from: body, operation: "PutRule")
        let rule = try await catalog.putRule(input)
        return try Self.encode(["RuleArn": rule.arn])
    }

    /// `DescribeRule`: decodes the input, applies it and encodes the output.
    func describeRule(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(RuleNameRequest.self, from: body, operation: "DescribeRule")
        let rule = try await catalog.describeRule(name: input.Name, eventBusName: input.EventBusName)
        return try Self.encode(RuleOutput(rule, includeCreatedBy: true))
    }

    /// `ListRules`: decodes the input, applies it and encodes the output.
    func listRules(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var Rules: [RuleOutput]
            var NextToken: String?
        }
        let input = try Self.decode(ListRulesRequest.self, from: body, operation: "ListRules")
        let page = try await catalog.listRules(
            eventBusName: input.EventBusName, namePrefix: input.NamePrefix,
            page: PageRequest(nextToken: input.NextToken, limit: input.Limit)
        )
        return try Self.encode(Output(Rules: page.items.map { RuleOutput($0, includeCreatedBy: false) }, NextToken: page.nextToken))
    }

    /// `DeleteRule`: decodes the input, applies it and encodes the output.
    func deleteRule(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(RuleNameRequest.self, from: body, operation: "DeleteRule")
        try await catalog.deleteRule(name: input.Name, eventBusName: input.EventBusName, force: input.Force ?? false)
        return try Self.encode(EmptyOutput())
    }

    /// `EnableRule` / `DisableRule`: decodes the input, applies it and encodes the output.
    func setRuleState(_ body: [UInt8], enabled: Bool, operation: String) async throws -> [UInt8] {
        let input = try Self.decode(RuleNameRequest.self, from: body, operation: operation)
        try await catalog.setRuleState(name: input.Name, eventBusName: input.EventBusName, enabled: enabled)
        return try Self.encode(EmptyOutput())
    }
}
