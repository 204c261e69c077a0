import Foundation
import HeraldConfig
import Testing

/// Keeps `Docs/configuration.md` honest: its example applies, and its sample errors are real.
@Suite struct DocumentationTests {
    /// The repository's `Docs/configuration.md`.
    static func documentation() throws -> String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docs/configuration.md").path
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func theDocumentedExampleAppliesLikeTheExampleFile() async throws {
        let text = try Self.documentation()
        let section = try #require(text.range(of: "## Example: scenario A"))
        let rest = text[section.upperBound...]
        let start = try #require(rest.range(of: "```yaml\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        let yaml = String(rest[start.upperBound..<end.lowerBound])
        let documented = try HeraldConfigFile.parse(yaml: yaml, file: "configuration.md", environment: ConfigTestSupport.exampleEnvironment)
        let catalog = try ConfigTestSupport.memoryCatalog()
        let summary = try await documented.apply(to: catalog)
        #expect(summary.created == 10)
        let example = try HeraldConfigFile.load(path: ConfigTestSupport.examplePath("scenario-a.yaml"), environment: ConfigTestSupport.exampleEnvironment)
        let again = try await example.apply(to: catalog)
        #expect(again.created == 0 && again.updated == 0 && again.unchanged == 10, "the documented example equals the example file: \(again.changes)")
    }

    @Test func theDocumentedSyntaxErrorIsReal() throws {
        let error = try #require(ConfigTestSupport.parseError("rules:\n  - Name: one\n    EventPattern: {source: [a]\n  - Name: two\n"))
        #expect(try Self.documentation().contains(error.description), "\(error.description)")
    }
}
