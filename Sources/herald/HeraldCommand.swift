import ArgumentParser

/// The `herald` command-line tool: the root command only lists its subcommands.
@main
struct HeraldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "A durable, EventBridge-compatible event router for one box.",
        subcommands: [
            ServeCommand.self, PutCommand.self, StatusCommand.self, DLQCommand.self, TargetCommand.self, RulesCommand.self, ArchiveCommand.self, ReplayCommand.self, TailCommand.self, QueryCommand.self, ReportCommand.self, LedgerCommand.self, DemoCommand.self, TestPatternCommand.self, VersionCommand.self,
        ],
        defaultSubcommand: nil
    )
}
