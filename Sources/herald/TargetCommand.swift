import ArgumentParser
import AsyncHTTPClient
import Foundation
import HeraldAdmin
import NIOCore

/// `herald target pause|resume|seek|skip TARGET`: operator controls of one target on a running server.
struct TargetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target", abstract: "Pause, resume, rewind or skip ahead a target (BUS/RULE/ID).",
        subcommands: [Pause.self, Resume.self, Seek.self, Skip.self])

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop sending to a target (survives restarts).")
        @Argument(help: "The target, BUS/RULE/ID (e.g. default/cdp-fanout/crm).") var target: String
        @OptionGroup var options: AdminOptions
        func run() async throws { try await TargetCommand.post("pause", ["target": target], options) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume sending to a paused target.")
        @Argument(help: "The target, BUS/RULE/ID.") var target: String
        @OptionGroup var options: AdminOptions
        func run() async throws { try await TargetCommand.post("resume", ["target": target], options) }
    }

    struct Seek: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a target's cursor: back to re-deliver (at-least-once), forward to skip.")
        @Argument(help: "The target, BUS/RULE/ID.") var target: String
        @Option(help: "The log sequence to continue from.") var sequence: UInt64?
        @Option(help: "Continue from the first event ingested at or after this RFC 3339 time.") var time: String?
        @Flag(help: "Skip everything pending: continue after the newest event.") var latest = false
        @OptionGroup var options: AdminOptions

        func validate() throws {
            guard [sequence != nil, time != nil, latest].filter({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --sequence, --time, --latest")
            }
        }

        func run() async throws {
            var body: [String: Any] = ["target": target]
            if let sequence { body["sequence"] = sequence }
            if let time { body["time"] = time }
            if latest { body["latest"] = true }
            try await TargetCommand.post("seek", body, options)
        }
    }

    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move one (poison) event to the target's dead-letter queue unsent.")
        @Argument(help: "The target, BUS/RULE/ID.") var target: String
        @Option(help: "The log sequence of the event.") var sequence: UInt64
        @OptionGroup var options: AdminOptions
        func run() async throws { try await TargetCommand.post("skip", ["target": target, "sequence": sequence], options) }
    }

    static func post(_ action: String, _ body: [String: Any], _ options: AdminOptions) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var request = HTTPClientRequest(url: options.endpoint + "/admin/targets/" + action)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token = options.resolvedToken { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let outcome: Result<(UInt, String), any Error>
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            outcome = .success((response.status.code, String(buffer: try await response.body.collect(upTo: 1 << 20))))
        } catch {
            outcome = .failure(error)
        }
        try await client.shutdown()
        switch outcome {
        case .success(let (status, text)) where status == 200:
            print(options.output == .json ? text : "\(action): ok (\(body["target"] ?? ""))")
        case .success(let (status, text)):
            // The admin API answers {"error": …, "message": …}: the message is what the operator reads.
            let message = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["message"] as? String ?? text
            FileHandle.standardError.write(Data("error: server answered \(status): \(message)\n".utf8))
            throw ExitCode.failure
        case .failure(let error):
            FileHandle.standardError.write(Data("error: cannot reach \(options.endpoint): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
