import HeraldCatalog

/// `PutTargets` input.
private struct PutTargetsRequest: Decodable {
    var Rule: String?
    var EventBusName: String?
    var Targets: [Target]?
}

/// `RemoveTargets` input.
private struct RemoveTargetsRequest: Decodable {
    var Rule: String?
    var EventBusName: String?
    var Ids: [String]?
    var Force: Bool?
}

/// `ListTargetsByRule` input.
private struct ListTargetsByRuleRequest: Decodable {
    var Rule: String?
    var EventBusName: String?
    var NextToken: String?
    var Limit: Int?
}

/// `ListRuleNamesByTarget` input.
private struct ListRuleNamesByTargetRequest: Decodable {
    var TargetArn: String?
    var EventBusName: String?
    var NextToken: String?
    var Limit: Int?
}

/// `PutTargets` / `RemoveTargets` output.
private struct TargetFailuresOutput: Encodable {
    var FailedEntryCount: Int
    var FailedEntries: [TargetFailure]

    init(_ failures: [TargetFailure]) {
        FailedEntryCount = failures.count
        FailedEntries = failures
    }
}

extension EventBridgeAPI {
    /// `PutTargets`: decodes the input, applies it and encodes the output.
    func putTargets(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(PutTargetsRequest.self, from: body, operation: "PutTargets")
        let failures = try await catalog.putTargets(rule: input.Rule, eventBusName: input.EventBusName, targets: input.Targets)
        return try Self.encode(TargetFailuresOutput(failures))
    }

    /// `RemoveTargets`: decodes the input, applies it and encodes the output.
    func removeTargets(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(RemoveTargetsRequest.self, from: body, operation: "RemoveTargets")
        let failures = try await catalog.removeTargets(
            rule: input.Rule, eventBusName: input.EventBusName, ids: input.Ids, force: input.Force ?? false
        )
        return try Self.encode(TargetFailuresOutput(failures))
    }

    /// `ListTargetsByRule`: decodes the input, applies it and encodes the output.
    func listTargetsByRule(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var Targets: [Target]
            var NextToken: String?
        }
        let input = try Self.decode(ListTargetsByRuleRequest.self, from: body, operation: "ListTargetsByRule")
        let page = try await catalog.listTargets(
            rule: input.Rule, eventBusName: input.EventBusName, page: PageRequest(nextToken: input.NextToken, limit: input.Limit)
        )
        // Secrets are never returned: a bot-signing secret and the tokens in bot webhook URLs are masked.
        let targets = page.items.map { target in
            var copy = target
            copy.arn = TargetURLRedaction.redacted(copy.arn)
            if let signing = copy.heraldParameters?.signing { copy.heraldParameters?.signing = signing.redactedCopy }
            return copy
        }
        return try Self.encode(Output(Targets: targets, NextToken: page.nextToken))
    }

    /// `ListRuleNamesByTarget`: decodes the input, applies it and encodes the output.
    func listRuleNamesByTarget(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var RuleNames: [String]
            var NextToken: String?
        }
        let input = try Self.decode(ListRuleNamesByTargetRequest.self, from: body, operation: "ListRuleNamesByTarget")
        let page = try await catalog.listRuleNames(
            targetArn: input.TargetArn, eventBusName: input.EventBusName,
            page: PageRequest(nextToken: input.NextToken, limit: input.Limit)
        )
        return try Self.encode(Output(RuleNames: page.items, NextToken: page.nextToken))
    }
}
