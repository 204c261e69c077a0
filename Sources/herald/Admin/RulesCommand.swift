import ArgumentParser
import HeraldAdmin
import HeraldJSON

/// `herald rules list|show`: the rules of a bus, through the EventBridge API.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List rules, or show one rule with its pattern and targets.",
        subcommands: [List.self, Show.self])

    /// The most pages `list` and `show` fetch (100 items each), so a misbehaving server cannot loop forever.
    static let maxPages = 1000

    /// `herald rules list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules of a bus.")
        @Option(help: "The event bus (default: default).") var bus: String = "default"
        @Option(help: "Only rules whose name starts with this prefix.") var prefix: String?
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await EventBridgeCommandRunner.run(options, render: EventBridgeTableRenderer.render) {
                (client) async throws(AdminClientError) -> EventBridgeRuleList in
                var rules: [EventBridgeRule] = []
                var token: String?
                for _ in 0..<RulesCommand.maxPages {
                    var input = JSONObject([("EventBusName", .string(bus)), ("Limit", .number(JSONNumber(100)))])
                    if let prefix { input.append(key: "NamePrefix", value: .string(prefix)) }
                    if let token { input.append(key: "NextToken", value: .string(token)) }
                    let page: EventBridgeRuleList = try await client.call("ListRules", .object(input))
                    rules += page.Rules
                    token = page.NextToken
                    if token == nil { break }
                }
                return EventBridgeRuleList(Rules: rules, NextToken: nil)
            }
        }
    }

    /// `herald rules show NAME`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a rule, its pattern (indented) and its targets.")
        @Argument(help: "The rule name.") var name: String
        @Option(help: "The event bus (default: default).") var bus: String = "default"
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await EventBridgeCommandRunner.run(options, render: EventBridgeTableRenderer.render) {
                (client) async throws(AdminClientError) -> EventBridgeRuleDetail in
                let rule: EventBridgeRule = try await client.call(
                    "DescribeRule", .object(JSONObject([("Name", .string(name)), ("EventBusName", .string(bus))])))
                var targets: [EventBridgeTarget] = []
                var token: String?
                for _ in 0..<RulesCommand.maxPages {
                    var input = JSONObject([("Rule", .string(name)), ("EventBusName", .string(bus))])
                    if let token { input.append(key: "NextToken", value: .string(token)) }
                    let page: EventBridgeTargetList = try await client.call("ListTargetsByRule", .object(input))
                    targets += page.Targets
                    token = page.NextToken
                    if token == nil { break }
                }
                return EventBridgeRuleDetail(rule: rule, targets: targets)
            }
        }
    }
}
