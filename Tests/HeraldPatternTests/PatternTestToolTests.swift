import Foundation
import HeraldPattern
import Testing

@Suite("herald test-pattern logic")
struct PatternTestToolTests {
    static func noFiles(_ path: String) -> [UInt8]? { nil }

    @Test("inline JSON: match, no match, invalid pattern, invalid event")
    func inline() {
        let match = PatternTestTool.run(pattern: #"{"a":["x"]}"#, event: #"{"a":"x"}"#, loadFile: Self.noFiles)
        #expect(match == .init(output: "match", exitCode: 0))
        let miss = PatternTestTool.run(pattern: #"{"a":["x"]}"#, event: #"{"a":"y"}"#, loadFile: Self.noFiles)
        #expect(miss == .init(output: "no match", exitCode: 1))
        let badPattern = PatternTestTool.run(pattern: #"{"a":[{"numeric":[">=",5,"<=",5]}]}"#, event: "{}", loadFile: Self.noFiles)
        #expect(badPattern.exitCode == 2)
        #expect(badPattern.output.contains("a[0].numeric"))
        #expect(badPattern.isError)
        let badEvent = PatternTestTool.run(pattern: #"{"a":["x"]}"#, event: #"{"a":"#, loadFile: Self.noFiles)
        #expect(badEvent.exitCode == 2)
        #expect(badEvent.output.hasPrefix("error: invalid event"))
        let notObject = PatternTestTool.run(pattern: #"{"a":["x"]}"#, event: "[1]", loadFile: Self.noFiles)
        #expect(notObject.exitCode == 2)
        let missingFile = PatternTestTool.run(pattern: "/no/such/pattern.json", event: "{}", loadFile: Self.noFiles)
        #expect(missingFile.exitCode == 2)
        #expect(missingFile.output.contains("neither an existing file nor inline JSON"))
    }

    @Test("file arguments are read from disk")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-pattern-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let patternFile = directory.appendingPathComponent("pattern.json")
        let eventFile = directory.appendingPathComponent("event.json")
        try Data(#"{"detail":{"n":[{"numeric":[">",1]}]}}"#.utf8).write(to: patternFile)
        try Data(#"{"detail":{"n":3e2}}"#.utf8).write(to: eventFile)
        let loader: (String) -> [UInt8]? = { path in FileManager.default.contents(atPath: path).map { [UInt8]($0) } }
        #expect(PatternTestTool.run(pattern: patternFile.path, event: eventFile.path, loadFile: loader).exitCode == 0)
        #expect(PatternTestTool.run(pattern: patternFile.path, event: #"{"detail":{"n":0}}"#, loadFile: loader).exitCode == 1)
    }
}
