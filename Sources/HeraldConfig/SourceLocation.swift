/// A position in a configuration file: file name, 1-based line and 1-based column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name as given to the loader (e.g. `herald.yaml`).
    public var file: String
    /// Line number, starting at 1.
    public var line: Int
    /// Column number, starting at 1 (counted in Unicode scalars, as libyaml does).
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
