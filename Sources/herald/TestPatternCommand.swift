import ArgumentParser
import Foundation
import HeraldPattern

/// `herald test-pattern`: tests one event against one event pattern, offline.
///
/// Prints `match` (exit 0) or `no match` (exit 1); an invalid pattern or event prints the reason to
/// standard error (exit 2).
struct TestPatternCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-pattern",
        abstract: "Test an event against an event pattern (exit 0 match, 1 no match, 2 invalid)."
    )

    @Option(name: .long, help: "The event pattern: a file path, or inline JSON.")
    var pattern: String

    @Option(name: .long, help: "The event: a file path, or inline JSON.")
    var event: String

    func run() throws {
        let outcome = PatternTestTool.run(pattern: pattern, event: event) { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { return nil }
            return [UInt8](data)
        }
        if outcome.isError {
            FileHandle.standardError.write(Data((outcome.output + "\n").utf8))
        } else {
            print(outcome.output)
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
