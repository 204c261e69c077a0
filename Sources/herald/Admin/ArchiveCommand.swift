import ArgumentParser
import HeraldAdmin
import HeraldJSON

/// `herald archive list|show`: EventBridge archives (what is retained for replay).
struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "List archives, or show one archive.", subcommands: [List.self, Show.self])

    /// `herald archive list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List archives with their event counts and sizes.")
        @Option(help: "Only archives whose name starts with this prefix.") var prefix: String?
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await EventBridgeCommandRunner.run(options, render: EventBridgeTableRenderer.render) {
                (client) async throws(AdminClientError) -> EventBridgeArchiveList in
                var archives: [EventBridgeArchive] = []
                var token: String?
                for _ in 0..<RulesCommand.maxPages {
                    var input = JSONObject([("Limit", .number(JSONNumber(100)))])
                    if let prefix { input.append(key: "NamePrefix", value: .string(prefix)) }
                    if let token { input.append(key: "NextToken", value: .string(token)) }
                    let page: EventBridgeArchiveList = try await client.call("ListArchives", .object(input))
                    archives += page.Archives
                    token = page.NextToken
                    if token == nil { break }
                }
                return EventBridgeArchiveList(Archives: archives, NextToken: nil)
            }
        }
    }

    /// `herald archive show NAME`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one archive: source, pattern, counts, retention.")
        @Argument(help: "The archive name.") var name: String
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await EventBridgeCommandRunner.run(options, render: EventBridgeTableRenderer.render) {
                (client) async throws(AdminClientError) -> EventBridgeArchive in
                try await client.call("DescribeArchive", .object(JSONObject([("ArchiveName", .string(name))])))
            }
        }
    }
}
