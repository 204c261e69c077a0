import ArgumentParser
import Foundation
import HeraldAdmin

/// `herald replay start|status|cancel`: EventBridge replays of an archive's events, by time range.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay archived events onto their bus (by time range, optionally to some rules).",
        subcommands: [Start.self, Status.self, Cancel.self])

    /// `herald replay start NAME --archive A --from T [--to T] [--rules R1,R2] [--wait]`.
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a replay; with --wait, follow it to the end with a progress bar.")
        @Argument(help: "The replay name (unique).") var name: String
        @Option(help: "The archive to replay.") var archive: String
        // `.unconditional`: `--from -1h` takes `-1h` as the value instead of reading it as an option.
        @Option(
            parsing: .unconditional,
            help: "Start of the range: ISO 8601, milliseconds since the epoch, 'now', or an age like -1h, -30m, 7d.")
        var from: String
        @Option(parsing: .unconditional, help: "End of the range (same forms as --from).") var to: String = "now"
        @Option(help: "Only to the targets of these rules (comma-separated rule names on the archive's bus).")
        var rules: String?
        @Flag(help: "Wait until the replay finishes, showing progress (Ctrl-C stops waiting, not the replay).")
        var wait = false
        @Option(help: "Seconds between status polls while waiting.") var pollInterval: Double = 0.5
        @OptionGroup var options: AdminOptions

        func validate() throws {
            guard pollInterval >= 0.05, pollInterval <= 60 else { throw ValidationError("--poll-interval must be 0.05...60") }
            if let rules, rules.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw ValidationError("--rules must be comma-separated rule names, got '\(rules)'")
            }
        }

        func run() async throws {
            let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
            let timeHelp = "must be ISO 8601 (2026-11-22T17:00:00Z), milliseconds, 'now', or an age like -1h"
            guard let start = OperatorTime.parse(from, now: now) else { throw ValidationError("--from \(timeHelp)") }
            guard let end = OperatorTime.parse(to, now: now) else { throw ValidationError("--to \(timeHelp)") }
            guard start < end else { throw ValidationError("--from must be before --to") }
            let ruleNames = rules.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            let started = try await EventBridgeCommandRunner.call(options) { (client) async throws(AdminClientError) in
                try await client.startReplay(name: name, archive: archive, from: start, to: end, rules: ruleNames)
            }
            guard wait else {
                switch options.output {
                case .table: print(EventBridgeTableRenderer.render(started), terminator: "")
                case .json: print(AdminCommandRunner.json(started))
                }
                return
            }
            try await ReplayCommand.follow(started, name: name, options: options, pollInterval: pollInterval)
        }
    }

    /// `herald replay status NAME`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a replay's state and progress.")
        @Argument(help: "The replay name.") var name: String
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await EventBridgeCommandRunner.run(options, render: EventBridgeTableRenderer.render) {
                (client) async throws(AdminClientError) in try await client.describeReplay(name: name)
            }
        }
    }

    /// `herald replay cancel NAME`.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a running replay (it stops before its next batch; events already replayed stay delivered).")
        @Argument(help: "The replay name.") var name: String
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await EventBridgeCommandRunner.run(options, render: EventBridgeTableRenderer.render) {
                (client) async throws(AdminClientError) in try await client.cancelReplay(name: name)
            }
        }
    }

    /// Polls the replay until it finishes or Ctrl-C, showing progress; prints the final state.
    /// - Throws: `ExitCode.failure` unless it completed, `ExitCode(130)` when interrupted.
    static func follow(_ started: EventBridgeReplay, name: String, options: AdminOptions, pollInterval: Double)
        async throws
    {
        let watcher = InterruptWatcher()
        defer { watcher.stop() }
        var progress = ProgressReporter()
        progress.update(fraction: 0, "replay \(name) \(started.State)")
        let step = Duration.milliseconds(50)
        let polls = Duration.milliseconds(Int(pollInterval * 1000))
        while true {
            let replay = try await EventBridgeCommandRunner.call(options) { (client) async throws(AdminClientError) in
                try await client.describeReplay(name: name)
            }
            if replay.isFinished {
                progress.finish("replay \(name) \(replay.State)")
                switch options.output {
                case .table: print(EventBridgeTableRenderer.render(replay), terminator: "")
                case .json: print(AdminCommandRunner.json(replay))
                }
                guard replay.State == "COMPLETED" else { throw ExitCode.failure }
                return
            }
            let last = replay.EventLastReplayedTime.map { " (replayed up to \(EventBridgeTableRenderer.render(seconds: $0)))" }
            progress.update(fraction: replay.progress, "replay \(name) \(replay.State)\(last ?? "")")
            var waited = Duration.zero
            while waited < polls {
                if watcher.wasInterrupted {
                    progress.finish(
                        "stopped waiting; replay \(name) continues on the server "
                            + "(see: herald replay status \(name); stop it: herald replay cancel \(name))")
                    throw ExitCode(130)
                }
                try await Task.sleep(for: step)
                waited += step
            }
        }
    }
}
