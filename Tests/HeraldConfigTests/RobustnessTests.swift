import Foundation
import HeraldCatalog
import HeraldConfig
import Testing

/// YAML features beyond the basics, and inputs that must fail cleanly instead of crashing.
@Suite struct RobustnessTests {
    @Test func anchorsAndAliasesAreResolved() throws {
        let yaml = """
            rules:
              - Name: a
                EventPattern: &pattern {source: [app]}
                Targets:
                  - &target {Id: t, Url: "http://127.0.0.1:9/x", Retry: {Attempts: 2}}
              - Name: b
                EventPattern: *pattern
                Targets: [*target]
            """
        let config = try HeraldConfigFile.parse(yaml: yaml, file: "h.yaml", environment: [:])
        #expect(config.rules[0].input.eventPattern == config.rules[1].input.eventPattern)
        #expect(config.rules[0].targets.map(\.target) == config.rules[1].targets.map(\.target))
    }

    @Test func everyTruncationOfAnExampleFailsCleanlyOrParses() throws {
        let text = try String(contentsOfFile: ConfigTestSupport.examplePath("scenario-a.yaml"), encoding: .utf8)
        let scalars = Array(text.unicodeScalars)
        var failures = 0
        for length in stride(from: 0, to: scalars.count, by: 9) {
            var prefix = String.UnicodeScalarView()
            prefix.append(contentsOf: scalars[..<length])
            do {
                _ = try HeraldConfigFile.parse(yaml: String(prefix), file: "cut.yaml", environment: ConfigTestSupport.exampleEnvironment)
            } catch {
                failures += 1
                #expect(!error.message.isEmpty)
                #expect(error.kind == .syntax || error.location != nil, "\(error)")
            }
        }
        #expect(failures > 0)
    }

    @Test func wrongShapesAtEveryLevelAreTypedErrors() throws {
        let cases: [(String, String)] = [
            ("[1, 2]", "herald.yaml:1:1: expected a mapping, found a list"),
            ("just text", "herald.yaml:1:1: expected a mapping, found a scalar"),
            ("rules: 3", "herald.yaml:1:8: rules: expected a list, found a scalar"),
            ("rules: [3]", "herald.yaml:1:9: rules[0]: expected a mapping, found a scalar"),
            ("connections: [{Name: c, AuthParameters: []}]", "herald.yaml:1:41: connections[0].AuthParameters: expected a mapping, found a list"),
            ("archives: [{Name: a, RetentionDays: -1}]", "herald.yaml:1:37: archives[0].RetentionDays: must be 0...2147483647"),
            ("prune: maybe", "herald.yaml:1:8: prune: expected true or false, found 'maybe'"),
        ]
        for (yaml, expected) in cases {
            let error = try #require(ConfigTestSupport.parseError(yaml), "\(yaml)")
            #expect(error.description == expected)
        }
    }

    @Test func unreadableFilesAreIOErrors() throws {
        let directory = try ConfigTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try HeraldConfigFile.load(path: directory + "/missing.yaml", environment: [:])
            Issue.record("load should fail")
        } catch {
            #expect(error.kind == .io)
            #expect(error.description.hasPrefix("cannot read configuration file \(directory)/missing.yaml"))
        }
        let binary = directory + "/binary.yaml"
        try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: URL(fileURLWithPath: binary))
        #expect(throws: ConfigError.self) { _ = try HeraldConfigFile.load(path: binary, environment: [:]) }
    }

    @Test func deeplyNestedValuesAreRefused() throws {
        let nested = String(repeating: "[", count: 200) + "1" + String(repeating: "]", count: 200)
        let error = try #require(ConfigTestSupport.parseError("rules:\n  - Name: r\n    EventPattern: {source: \(nested)}\n"))
        #expect(error.kind == .invalidValue)
        #expect(error.message == "nested deeper than 64 levels")
    }
}
