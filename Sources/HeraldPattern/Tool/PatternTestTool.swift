import HeraldJSON

/// The logic behind `herald test-pattern`: test one event against one pattern.
public enum PatternTestTool {
    /// What the command prints and its exit status.
    public struct Outcome: Sendable, Hashable {
        /// The text to print (one line, no trailing newline).
        public let output: String
        /// `0` match, `1` no match, `2` invalid pattern or event.
        public let exitCode: Int32
        /// Creates an outcome.
        public init(output: String, exitCode: Int32) {
            self.output = output
            self.exitCode = exitCode
        }

        /// Whether the output belongs on standard error.
        public var isError: Bool { exitCode == 2 }
    }

    /// Tests an event against a pattern.
    ///
    /// Each argument is a path to an existing file (read through `loadFile`) or else inline JSON.
    /// - Parameters:
    ///   - pattern: the pattern file path or JSON text.
    ///   - event: the event file path or JSON text.
    ///   - loadFile: returns a file's bytes if a regular file exists at the path, else `nil`.
    /// - Returns: `match` (0), `no match` (1), or `error: …` (2).
    public static func run(pattern: String, event: String, loadFile: (String) -> [UInt8]?) -> Outcome {
        let patternBytes = loadFile(pattern) ?? Array(pattern.utf8)
        let eventBytes = loadFile(event) ?? Array(event.utf8)
        for (name, argument, bytes) in [("pattern", pattern, patternBytes), ("event", event, eventBytes)]
        where !looksLikeJSON(bytes) {
            return Outcome(output: "error: --\(name) is neither an existing file nor inline JSON: \(argument)", exitCode: 2)
        }
        let parsed: EventPattern
        do {
            parsed = try EventPattern(parsing: patternBytes)
        } catch {
            return Outcome(output: "error: invalid pattern: \(error.description)", exitCode: 2)
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: eventBytes)
        } catch {
            return Outcome(output: "error: invalid event: \(error.description)", exitCode: 2)
        }
        guard case .object = json else {
            return Outcome(output: "error: invalid event: the event must be a JSON object", exitCode: 2)
        }
        return parsed.matches(json) ? Outcome(output: "match", exitCode: 0) : Outcome(output: "no match", exitCode: 1)
    }

    /// Whether the first non-whitespace byte can start a JSON object or array.
    private static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }
}
