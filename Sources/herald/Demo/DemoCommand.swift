import ArgumentParser
import Foundation
import HeraldApp
import HeraldClient
import HeraldConfig
import HeraldFakeProviders
import HeraldLedger
import Logging

/// `herald demo [A|B|C]`: runs a scenario of the brief end to end on this machine, with no accounts and no network —
/// a temporary data directory, Herald's server in-process, and the built-in fake providers on loopback — then prints
/// what happened as a timeline (event → rule → sends → receipts) and the SQL answer from the delivery ledger.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a scenario (A, B or C) end to end against built-in fake providers and print the timeline.",
        discussion: """
            A: customer events fan out to Supabase and Slack; big orders and churn risks alert DingTalk and Lark (signed).
            B: an order sends an SMS (Twilio) and an email (Resend); their signed receipts come back as events.
            C: a P1 alarm pages on-call by SMS, WhatsApp and email; the ledger answers whether it was opened in time.
            Everything runs on 127.0.0.1 with a temporary data directory (kept with --keep).
            """)

    @Argument(help: "The scenario: A, B or C (default: all three).")
    var scenario: String?

    @Flag(help: "Keep the temporary data directory and print its path.")
    var keep = false

    @Option(help: "Longest wait for each step, in seconds.")
    var timeout: Int = 30

    func validate() throws {
        if let scenario, DemoScenario(rawValue: scenario.uppercased()) == nil {
            throw ValidationError("the scenario must be A, B or C, not \(scenario)")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .critical
            return handler
        }
        let scenarios = scenario.flatMap { DemoScenario(rawValue: $0.uppercased()) }.map { [$0] } ?? DemoScenario.allCases
        var failed = false
        for scenario in scenarios {
            do {
                try await DemoRunner(scenario: scenario, keep: keep, timeout: .seconds(timeout)).run()
            } catch {
                FileHandle.standardError.write(Data("demo \(scenario.rawValue) failed: \(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}
