import Foundation
import HeraldCatalog
import Testing

@Suite struct RuleCatalogTests {
    @Test func defaultBusExistsAndRuleArnsFollowTheBus() async throws {
        let catalog = try CatalogFixtures.catalog()
        let bus = try await catalog.describeEventBus(nameOrArn: nil)
        #expect(bus.arn == "arn:aws:events:us-east-1:000000000000:event-bus/default")
        let onDefault = try await catalog.putRule(CatalogFixtures.rule("orders"))
        #expect(onDefault.arn == "arn:aws:events:us-east-1:000000000000:rule/orders")
        _ = try await catalog.createEventBus(CreateEventBusInput(name: "shop"))
        let onShop = try await catalog.putRule(CatalogFixtures.rule("orders", bus: "shop"))
        #expect(onShop.arn == "arn:aws:events:us-east-1:000000000000:rule/shop/orders")
        let viaArn = try await catalog.describeRule(name: "orders", eventBusName: "arn:aws:events:us-east-1:000000000000:event-bus/shop")
        #expect(viaArn == onShop)
    }

    @Test func regionAndAccountAreConfigurable() async throws {
        let catalog = try CatalogFixtures.catalog(configuration: .init(region: "eu-west-1", accountID: "123456789012"))
        let rule = try await catalog.putRule(CatalogFixtures.rule("r"))
        #expect(rule.arn == "arn:aws:events:eu-west-1:123456789012:rule/r")
    }

    @Test func badNameIsAValidationErrorInAWSWording() async throws {
        let catalog = try CatalogFixtures.catalog()
        let error = await catalogError { _ = try await catalog.putRule(CatalogFixtures.rule("bad name!")) }
        #expect(error?.code == "ValidationException")
        #expect(error?.message.hasPrefix("1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern") == true)
        let long = await catalogError { _ = try await catalog.putRule(CatalogFixtures.rule(String(repeating: "a", count: 65))) }
        #expect(long?.message.contains("Member must have length less than or equal to 64") == true)
        let state = await catalogError {
            _ = try await catalog.putRule(PutRuleInput(name: "r", eventPattern: #"{"source":["a"]}"#, state: "ON"))
        }
        #expect(state?.message.contains("Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]") == true)
    }

    @Test func patternOrScheduleIsRequiredAndValidated() async throws {
        let catalog = try CatalogFixtures.catalog()
        let neither = await catalogError { _ = try await catalog.putRule(PutRuleInput(name: "r")) }
        #expect(neither == .validation("Parameter(s) EventPattern or ScheduleExpression must be specified."))
        let badPattern = await catalogError { _ = try await catalog.putRule(CatalogFixtures.rule("r", pattern: #"{"source":"x"}"#)) }
        #expect(badPattern?.code == "InvalidEventPatternException")
        let notJSON = await catalogError { _ = try await catalog.putRule(CatalogFixtures.rule("r", pattern: "{")) }
        #expect(notJSON?.code == "InvalidEventPatternException")
        for good in ["rate(5 minutes)", "rate(1 hour)", "cron(0 12 * * ? *)", "cron(15 10 ? * MON-FRI *)"] {
            _ = try await catalog.putRule(PutRuleInput(name: "s", scheduleExpression: good))
        }
        for good in ["cron(0/15 * * * ? *)", "cron(0 8 L * ? *)", "cron(0 9 ? * 2#1 *)", "cron(0 0 1 JAN-MAR ? 2030-2031)"] {
            _ = try await catalog.putRule(PutRuleInput(name: "s", scheduleExpression: good))
        }
        // Out-of-range fields would be stored and never fire: refused like AWS does.
        let outOfRange = [
            "cron(0 25 * * ? *)", "cron(60 * * * ? *)", "cron(0 0 32 * ? *)", "cron(0 0 1 13 ? *)", "cron(0 0 ? * 8 *)",
            "cron(0 0 1 FOO ? *)", "cron(*/0 * * * ? *)", "cron(0-70 * * * ? *)", "cron(0 0 ? * MON#6 *)", "rate( 5 minutes)",
            "rate(5  minutes)",
        ]
        for bad in ["rate(1 minutes)", "rate(0 minutes)", "cron(0 12 * * *)", "cron(0 12 * * 1 *)", "every 5 minutes"] + outOfRange {
            let error = await catalogError { _ = try await catalog.putRule(PutRuleInput(name: "s", scheduleExpression: bad)) }
            #expect(error == .validation("Parameter ScheduleExpression is not valid."), "\(bad)")
        }
        _ = try await catalog.createEventBus(CreateEventBusInput(name: "custom"))
        let custom = await catalogError {
            _ = try await catalog.putRule(PutRuleInput(name: "s", scheduleExpression: "rate(5 minutes)", eventBusName: "custom"))
        }
        #expect(custom == .validation("ScheduleExpression is supported only on the default event bus."))
    }

    @Test func unknownRuleAndBusAreNotFound() async throws {
        let catalog = try CatalogFixtures.catalog()
        let rule = await catalogError { _ = try await catalog.describeRule(name: "nope", eventBusName: nil) }
        #expect(rule == .resourceNotFound("Rule nope does not exist on EventBus default."))
        let bus = await catalogError { _ = try await catalog.putRule(CatalogFixtures.rule("r", bus: "ghost")) }
        #expect(bus == .resourceNotFound("Event bus ghost does not exist."))
        let enable = await catalogError { try await catalog.setRuleState(name: "nope", eventBusName: nil, enabled: true) }
        #expect(enable?.code == "ResourceNotFoundException")
    }

    @Test func putRuleReplacesDefinitionButKeepsTargets() async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        _ = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [CatalogFixtures.target("t1")])
        let updated = try await catalog.putRule(PutRuleInput(name: "r", eventPattern: #"{"source":["b"]}"#, state: "DISABLED", description: "d"))
        #expect(updated.targets.map(\.id) == ["t1"])
        #expect(updated.state == .disabled)
        #expect(updated.description == "d")
        try await catalog.setRuleState(name: "r", eventBusName: nil, enabled: true)
        #expect(try await catalog.describeRule(name: "r", eventBusName: nil).state == .enabled)
    }

    @Test func deleteRuleRefusesWithTargetsUnlessForced() async throws {
        let catalog = try CatalogFixtures.catalog()
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        _ = try await catalog.putTargets(rule: "r", eventBusName: nil, targets: [CatalogFixtures.target("t1")])
        let refused = await catalogError { try await catalog.deleteRule(name: "r", eventBusName: nil, force: false) }
        #expect(refused == .validation("Rule can't be deleted since it has targets."))
        try await catalog.deleteRule(name: "r", eventBusName: nil, force: true)
        #expect(catalog.snapshot.rules.isEmpty)
        try await catalog.deleteRule(name: "r", eventBusName: nil, force: false)
    }

    @Test func rulesPerBusLimit() async throws {
        let catalog = try CatalogFixtures.catalog(configuration: .init(maxRulesPerBus: 2))
        _ = try await catalog.putRule(CatalogFixtures.rule("a"))
        _ = try await catalog.putRule(CatalogFixtures.rule("b"))
        _ = try await catalog.putRule(CatalogFixtures.rule("b"))
        let error = await catalogError { _ = try await catalog.putRule(CatalogFixtures.rule("c")) }
        #expect(error?.code == "LimitExceededException")
    }

    @Test func listRulesPagesByName() async throws {
        let catalog = try CatalogFixtures.catalog()
        for index in 0..<25 { _ = try await catalog.putRule(CatalogFixtures.rule(String(format: "rule-%02d", index))) }
        _ = try await catalog.putRule(CatalogFixtures.rule("other"))
        var names: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await catalog.listRules(eventBusName: nil, namePrefix: "rule-", page: PageRequest(nextToken: token, limit: 10))
            names += page.items.map(\.name)
            token = page.nextToken
            pages += 1
        } while token != nil && pages < 10
        #expect(pages == 3)
        #expect(names == (0..<25).map { String(format: "rule-%02d", $0) })
        let bad = await catalogError { _ = try await catalog.listRules(eventBusName: nil, namePrefix: nil, page: PageRequest(nextToken: "garbage")) }
        #expect(bad == .validation("The NextToken provided is invalid."))
        let limit = await catalogError { _ = try await catalog.listRules(eventBusName: nil, namePrefix: nil, page: PageRequest(limit: 101)) }
        #expect(limit?.code == "ValidationException")
    }
}
