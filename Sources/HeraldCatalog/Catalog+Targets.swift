/// One failed entry of `PutTargets` or `RemoveTargets`.
public struct TargetFailure: Sendable, Equatable, Codable {
    /// The target id of the failed entry.
    public var targetId: String
    /// An EventBridge error code, e.g. `ValidationException`.
    public var errorCode: String
    /// Why the entry failed.
    public var errorMessage: String

    /// Creates a failure.
    public init(targetId: String, errorCode: String, errorMessage: String) {
        self.targetId = targetId
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    enum CodingKeys: String, CodingKey { case targetId = "TargetId", errorCode = "ErrorCode", errorMessage = "ErrorMessage" }
}

extension Catalog {
    /// `PutTargets`: adds or replaces (by id) targets of a rule. Entries with semantic problems fail alone.
    /// - Returns: the failed entries (empty when all were stored).
    /// - Throws: `ValidationException` (shape), `ResourceNotFoundException`, `LimitExceededException`
    ///   (more than ``CatalogConfiguration/maxTargetsPerRule`` targets), `ManagedRuleException`.
    public func putTargets(rule name: String?, eventBusName: String?, targets: [Target]?) throws(CatalogError) -> [TargetFailure] {
        var v = ShapeValidator()
        v.string(name, "rule", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        v.required(targets, "targets")
        v.count(targets?.count, "targets", min: 1, max: 100)
        for (index, target) in (targets ?? []).enumerated() {
            Target.validateShape(target, "targets.\(index + 1).member", into: &v)
        }
        try v.check()
        let (key, rule) = try requireRule(name: name, eventBusName: eventBusName, path: "rule")
        if let managedBy = rule.managedBy {
            throw .managedRule("Rule \(rule.name) is managed by \(managedBy) and cannot be modified.")
        }
        var updated = rule
        var failures: [TargetFailure] = []
        for target in targets ?? [] {
            if let problem = target.semanticProblem() {
                failures.append(TargetFailure(targetId: target.id, errorCode: "ValidationException", errorMessage: problem))
                continue
            }
            if let index = updated.targets.firstIndex(where: { $0.id == target.id }) {
                updated.targets[index] = target
            } else {
                updated.targets.append(target)
            }
        }
        if updated.targets.count > configuration.maxTargetsPerRule {
            throw .limitExceeded(
                "The requested resource exceeds the maximum number allowed: a rule can have at most \(configuration.maxTargetsPerRule) targets."
            )
        }
        if updated != rule {
            var next = state
            next.rules[key] = updated
            try commit(next, [CatalogRecords.key(rule: key): try CatalogRecords.encode(updated)])
        }
        return failures
    }

    /// `RemoveTargets`: removes targets by id; unknown ids fail alone with `ResourceNotFoundException`.
    /// - Throws: `ValidationException`, `ResourceNotFoundException` (rule or bus), `ManagedRuleException`.
    public func removeTargets(rule name: String?, eventBusName: String?, ids: [String]?, force: Bool) throws(CatalogError) -> [TargetFailure] {
        var v = ShapeValidator()
        v.required(ids, "ids")
        v.count(ids?.count, "ids", min: 1, max: 100)
        for (index, id) in (ids ?? []).enumerated() {
            v.string(id, "ids.\(index + 1).member", min: 1, max: 64, pattern: ModelPattern.name)
        }
        try v.check()
        let (key, rule) = try requireRule(name: name, eventBusName: eventBusName, path: "rule")
        if let managedBy = rule.managedBy, !force {
            throw .managedRule("Rule \(rule.name) is managed by \(managedBy); use Force to change its targets.")
        }
        var updated = rule
        var failures: [TargetFailure] = []
        for id in ids ?? [] {
            if let index = updated.targets.firstIndex(where: { $0.id == id }) {
                updated.targets.remove(at: index)
            } else {
                failures.append(TargetFailure(
                    targetId: id, errorCode: "ResourceNotFoundException",
                    errorMessage: "Target \(id) does not exist on rule \(rule.name)."
                ))
            }
        }
        if updated != rule {
            var next = state
            next.rules[key] = updated
            try commit(next, [CatalogRecords.key(rule: key): try CatalogRecords.encode(updated)])
        }
        return failures
    }

    /// `ListTargetsByRule`, sorted by target id.
    public func listTargets(rule name: String?, eventBusName: String?, page: PageRequest) throws(CatalogError) -> Page<Target> {
        let (_, rule) = try requireRule(name: name, eventBusName: eventBusName, path: "rule")
        return try Paginator.page(rule.targets.sorted { $0.id < $1.id }, key: \.id, page)
    }

    /// `ListRuleNamesByTarget`: names of the bus's rules that have a target with this ARN, sorted. A bot webhook URL
    /// matches in full or masked as `ListTargetsByRule` shows it (see ``TargetURLRedaction``).
    public func listRuleNames(targetArn: String?, eventBusName: String?, page: PageRequest) throws(CatalogError) -> Page<String> {
        var v = ShapeValidator()
        v.string(targetArn, "targetArn", required: true, min: 1, max: 1600)
        v.string(eventBusName, "eventBusName", min: 1, max: 1600, pattern: ModelPattern.eventBusNameOrArn)
        try v.check()
        let bus = try requireBus(eventBusName)
        let names = state.rules(onBus: bus.name).filter { rule in
            rule.targets.contains { $0.arn == targetArn || TargetURLRedaction.redacted($0.arn) == targetArn }
        }.map(\.name)
        return try Paginator.page(names, key: { $0 }, page)
    }
}
