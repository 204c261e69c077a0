import HeraldCatalog

extension ConfigApplier {
    /// Puts rules whose definition differs or is missing, then the targets that differ or are missing (one
    /// `PutTargets` per rule, only when something changed).
    mutating func applyRules() async throws(ConfigError) {
        for rule in config.rules {
            let name = rule.input.name ?? ""
            let busName = ARNs.busName(fromNameOrArn: rule.busName)
            let label = busName == EventBus.defaultName ? name : "\(busName)/\(name)"
            let key = RuleKey(bus: busName, name: name)
            do throws(CatalogError) {
                let existing = catalog.snapshot.rules[key]
                if let existing {
                    if Self.differs(rule.input, existing) {
                        _ = try await catalog.putRule(rule.input)
                        record("rule", label, .updated)
                    } else {
                        record("rule", label, .unchanged)
                    }
                } else {
                    _ = try await catalog.putRule(rule.input)
                    record("rule", label, .created)
                }
            } catch {
                throw CatalogErrorMapping.map(error, sources: rule.sources, what: "rule \(label)")
            }
            try await applyTargets(rule, key: key, label: label)
        }
    }

    /// Whether `PutRule` with `input` would change `existing`.
    static func differs(_ input: PutRuleInput, _ existing: Rule) -> Bool {
        input.eventPattern != existing.eventPattern || input.scheduleExpression != existing.scheduleExpression
            || (input.state ?? RuleState.enabled.rawValue) != existing.state.rawValue
            || input.description != existing.description || input.roleArn != existing.roleArn
    }

    /// Puts the rule's targets that are missing or differ.
    private mutating func applyTargets(_ rule: RuleDeclaration, key: RuleKey, label: String) async throws(ConfigError) {
        let snapshot = catalog.snapshot
        let current = snapshot.rules[key]?.targets ?? []
        var changed: [Target] = []
        var changedDeclarations: [TargetDeclaration] = []
        var outcomes: [(String, ApplySummary.Action)] = []
        for declaration in rule.targets {
            var target = declaration.target
            if let destination = declaration.apiDestinationName {
                target.arn = snapshot.apiDestinations[destination]?.arn ?? ""
            }
            let existing = current.first { $0.id == target.id }
            if existing == target {
                outcomes.append((target.id, .unchanged))
            } else {
                changed.append(target)
                changedDeclarations.append(declaration)
                outcomes.append((target.id, existing == nil ? .created : .updated))
            }
        }
        if !changed.isEmpty {
            let failures: [TargetFailure]
            do throws(CatalogError) {
                failures = try await catalog.putTargets(rule: key.name, eventBusName: key.bus, targets: changed)
            } catch {
                throw mapTargetsError(error, rule: rule, changed: changedDeclarations, label: label)
            }
            if let failure = failures.first {
                let declaration = changedDeclarations.first { $0.target.id == failure.targetId }
                let site = declaration?.sources.root ?? rule.sources.site(forCatalogPath: "targets")
                throw ConfigError(.catalog(failure.errorCode), at: site, "target \(failure.targetId) of rule \(label) was refused: \(failure.errorMessage)")
            }
        }
        for (id, action) in outcomes { record("target", "\(label)/\(id)", action) }
    }

    /// Maps a `PutTargets` error: `targets.N.member.…` paths point into the N-th changed target's declaration.
    private func mapTargetsError(_ error: CatalogError, rule: RuleDeclaration, changed: [TargetDeclaration], label: String) -> ConfigError {
        if case .validation(let message) = error, let problem = CatalogErrorMapping.problems(in: message).first {
            let parts = problem.path.split(separator: ".", maxSplits: 3).map(String.init)
            if parts.count >= 3, parts[0] == "targets", let index = Int(parts[1]), changed.indices.contains(index - 1) {
                let rest = parts.count == 4 ? parts[3] : ""
                let sources = changed[index - 1].sources
                let site = rest.isEmpty ? sources.root : sources.site(forCatalogPath: rest)
                return ConfigError(.catalog(error.code), at: site, "must \(problem.constraint)")
            }
        }
        return CatalogErrorMapping.map(error, sources: rule.sources, what: "targets of rule \(label)")
    }
}
