import Foundation
import HeraldApp
import HeraldClient
import HeraldConfig
import HeraldFakeProviders
import HeraldLedger
import Logging

/// Runs one demo scenario: fakes, server, events, receipts, ledger answer.
struct DemoRunner {
    let scenario: DemoScenario
    let keep: Bool
    let timeout: Duration

    func run() async throws {
        let out = DemoPrinter()
        out.heading("Scenario \(scenario.title)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-demo-\(scenario.rawValue)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer {
            if keep { out.note("data directory kept: \(directory)") } else { try? FileManager.default.removeItem(atPath: directory) }
        }
        let providers = try await FakeProviderSuite.start()
        scenario.script(providers)
        let port = try DemoPorts.free()
        let herald = "http://127.0.0.1:\(port)"
        providers.setHeraldBaseURL(herald)
        let file = try HeraldConfigFile.parse(
            yaml: scenario.configuration, file: "demo-\(scenario.rawValue).yaml",
            environment: scenario.environment(providers: providers, herald: herald))
        let configuration = HeraldConfiguration(dataDirectory: directory, httpPort: port)
        let ready = DemoSignal()
        let application = HeraldApplication(configuration: configuration, file: file, logger: Logger(label: "herald.demo"))
        let server = Task { try await application.run { _ in ready.fire() } }
        do {
            guard await ready.wait(timeout: timeout) else { throw DemoError("the server did not become ready") }
            out.step("Herald is up on \(herald) (data in \(directory)); fake providers listen on 127.0.0.1")
            try await drive(providers: providers, socket: configuration.socketPath, directory: directory, out: out)
        } catch {
            server.cancel()
            _ = await server.result
            await providers.stop()
            throw error
        }
        server.cancel()
        _ = await server.result
        await providers.stop()
    }

    private func drive(providers: FakeProviderSuite, socket: String, directory: String, out: DemoPrinter) async throws {
        let producer = try await HeraldSocketClient.connect(path: socket)
        for event in scenario.events {
            let id = try await producer.put(event)
            out.step("put \(event.source) / \(event.detailType) over the Unix socket → durable, acked as \(id)")
        }
        try await producer.close()
        guard await DemoWait.until(timeout, { scenario.sendsSeen(providers) }) else {
            throw DemoError("the expected provider requests did not all arrive")
        }
        out.step("providers received the sends (\(providers.describeSends))")
        if scenario.expectedReceipts > 0 {
            let callbacks = await providers.deliverAllReceipts()
            let accepted = callbacks.filter(\.accepted).count
            out.step("providers called back: \(callbacks.count) signed receipts, \(accepted) verified and accepted by Herald")
        }
        let ledger = LedgerQuery(path: directory + "/" + LedgerStore.defaultFileName)
        let caughtUp = await DemoWait.until(timeout) {
            let counts = try? ledger.run(
                sql: "SELECT (SELECT COUNT(*) FROM receipts) AS r, (SELECT COUNT(*) FROM attempts WHERE outcome = 'delivered') AS d",
                rowLimit: 1, timeLimit: .seconds(2))
            guard let row = counts?.rows.first, case .integer(let receipts) = row[0], case .integer(let delivered) = row[1] else { return false }
            return receipts >= scenario.expectedReceipts && delivered >= scenario.expectedDeliveries
        }
        guard caughtUp else { throw DemoError("the delivery ledger did not catch up") }
        let timeline = try ledger.run(sql: DemoTimeline.sql, rowLimit: 200, timeLimit: .seconds(5))
        out.heading("Timeline (from the delivery ledger)")
        out.block(DemoTimeline.render(timeline))
        if let question = scenario.question {
            let escalation = Date().addingTimeInterval(300)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let parameters: [String: LedgerValue] = question.sql.contains(":escalation_time")
                ? ["escalation_time": .text(formatter.string(from: escalation))] : [:]
            let answer = try ledger.run(sql: question.sql, parameters: parameters, rowLimit: 100, timeLimit: .seconds(5))
            out.heading(question.title)
            out.block(question.sql.split(separator: "\n").map { "  " + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n"))
            if !parameters.isEmpty { out.note("  -- :escalation_time = \(formatter.string(from: escalation)) (escalation in 5 minutes)") }
            out.block(answer.renderTable())
        }
    }
}

/// A failed demo step.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension FakeProviderSuite {
    /// "Supabase 3, Slack 3, …" for the providers that received something.
    var describeSends: String {
        let counts = [
            ("Supabase rows", supabase.rows(in: "events").count), ("Slack", slack.messages.count),
            ("DingTalk (signed)", dingTalk.messages.count), ("Lark (signed)", lark.messages.count),
            ("Twilio", twilio.messages.count), ("Resend", resend.emails.count),
        ]
        return counts.filter { $0.1 > 0 }.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
    }
}
