import ArgumentParser

/// `herald dlq`: inspect, redrive and purge dead-letter queues of a running Herald.
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect, redrive and purge targets' dead-letter queues.",
        subcommands: [DLQListCommand.self, DLQShowCommand.self, DLQRedriveCommand.self, DLQPurgeCommand.self]
    )
}
