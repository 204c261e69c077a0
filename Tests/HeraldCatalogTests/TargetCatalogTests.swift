import HeraldCatalog
import Testing

@Suite struct TargetCatalogTests {
    @Test func targetsPerRuleLimitIsFiveByDefaultAndConfigurable() async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        let five = (1...5).map { CatalogFixtures.target("t\($0)") }
        #expect(try await catalog.putTargets(rule: "r", eventBusName: nil, targets: five).isEmpty)
        let error = await catalogError { _ = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [CatalogFixtures.target("t6")]) }
        #expect(error?.code == "LimitExceededException")
        // Replacing an existing id does not count twice.
        #expect(try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [CatalogFixtures.target("t5", arn: "arn:x")]).isEmpty)

        let roomy = try CatalogFixtures.catalog(configuration: .init(maxTargetsPerRule: 20))
        _ = try await roomy.putRule(CatalogFixtures.rule("r"))
        let twenty = (1...20).map { CatalogFixtures.target("t\($0)") }
        #expect(try await roomy.putTargets(rule: "r", eventBusName: nil, targets: twenty).isEmpty)
    }

    @Test func badEntriesFailAloneAndShapeErrorsFailTheRequest() async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        var notJSON = CatalogFixtures.target("bad-input")
        notJSON.input = "{not json"
        var both = CatalogFixtures.target("both")
        both.input = "{}"
        both.inputPath = "$.detail"
        var reserved = CatalogFixtures.target("reserved")
        reserved.inputTransformer = InputTransformer(inputPathsMap: ["m": "detail.msg"], inputTemplate: "<m>")
        var good = CatalogFixtures.target("good")
        good.inputTransformer = InputTransformer(inputPathsMap: ["m": "$.detail.msg"], inputTemplate: #"{"text":"<m>"}"#)
        good.retryPolicy = RetryPolicy(maximumRetryAttempts: 3)
        let failures = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [notJSON, both, reserved, good])
        #expect(failures.map(\.targetId) == ["bad-input", "both", "reserved"])
        #expect(failures.allSatisfy { $0.errorCode == "ValidationException" })
        let stored = try await catalog.listTargets(rule: "r", eventBusName: nil, page: PageRequest())
        #expect(stored.items == [good])
        #expect(stored.items[0].effectiveRetryPolicy == RetryPolicy(maximumRetryAttempts: 3, maximumEventAgeInSeconds: 86_400))

        var badRetry = CatalogFixtures.target("retry")
        badRetry.retryPolicy = RetryPolicy(maximumRetryAttempts: 186, maximumEventAgeInSeconds: 59)
        let shape = await catalogError { _ = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [badRetry]) }
        #expect(shape?.message.hasPrefix("2 validation errors detected:") == true)
        #expect(shape?.message.contains("targets.1.member.retryPolicy.maximumRetryAttempts") == true)
        let missingRule = await catalogError { _ = try await catalog.putTargets(rule: "ghost", eventBusName: nil, targets: [good]) }
        #expect(missingRule?.code == "ResourceNotFoundException")
    }

    /// Targets the delivery engine could not run (their rule's events would go nowhere) fail their entry, with
    /// EventBridge's messages, instead of being stored.
    @Test func inputsDeliveryCannotRunFailTheirEntry() async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        func target(_ id: String, _ change: (inout Target) -> Void) -> Target {
            var target = CatalogFixtures.target(id)
            change(&target)
            return target
        }
        let bad = [
            target("undefined") { $0.inputTransformer = InputTransformer(inputPathsMap: ["m": "$.detail.m"], inputTemplate: #"{"a":"<m>","b":<missing>}"#) },
            target("key") { $0.inputTransformer = InputTransformer(inputPathsMap: ["s": "$.detail.s"], inputTemplate: #"{"<s>":1}"#) },
            target("unknown-aws") { $0.inputTransformer = InputTransformer(inputTemplate: #""<aws.events.nope>""#) },
            target("map-path") { $0.inputTransformer = InputTransformer(inputPathsMap: ["a": "$.detail.x["], inputTemplate: "<a>") },
            target("input-path") { $0.inputPath = "$.detail[[[" },
            target("ordering") { $0.heraldParameters = HeraldTargetParameters(orderingKeyPath: "$.detail[") },
        ]
        let good = target("good") { $0.inputTransformer = InputTransformer(inputPathsMap: ["m": "$.detail.m"], inputTemplate: #"{"a":"<m>","t":"<aws.events.rule-name>"}"#) }
        let failures = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: bad + [good])
        #expect(failures.map(\.targetId) == bad.map(\.id))
        #expect(failures.allSatisfy { $0.errorCode == "ValidationException" })
        #expect(failures.first?.errorMessage == "InputTemplate for target undefined contains invalid placeholder missing.")
        let stored = try await catalog.listTargets(rule: "r", eventBusName: nil, page: PageRequest())
        #expect(stored.items.map(\.id) == ["good"])
    }

    @Test func removeTargetsReportsUnknownIdsPerEntry() async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        _ = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [CatalogFixtures.target("a"), CatalogFixtures.target("b")])
        let failures = try await catalog.removeTargets(rule: "r", eventBusName: nil, ids: ["a", "zzz"], force: false)
        #expect(failures == [TargetFailure(targetId: "zzz", errorCode: "ResourceNotFoundException", errorMessage: "Target zzz does not exist on rule r.")])
        #expect(try await catalog.describeRule(name: "r", eventBusName: nil).targets.map(\.id) == ["b"])
    }

    @Test func listRuleNamesByTarget() async throws {
        let catalog = try CatalogFixtures.catalog()
        for name in ["c", "a", "b"] {
            _ = try await catalog.putRule(CatalogFixtures.rule(name))
            _ = try await catalog.putTargets(rule: name, eventBusName: nil, targets: [CatalogFixtures.target("t", arn: name == "b" ? "arn:other" : "arn:shared")])
        }
        let page = try await catalog.listRuleNames(targetArn: "arn:shared", eventBusName: nil, page: PageRequest(limit: 1))
        #expect(page.items == ["a"])
        let rest = try await catalog.listRuleNames(targetArn: "arn:shared", eventBusName: nil, page: PageRequest(nextToken: page.nextToken))
        #expect(rest.items == ["c"])
        #expect(rest.nextToken == nil)
    }
}
