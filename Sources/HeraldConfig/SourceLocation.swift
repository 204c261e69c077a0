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

/// Where a value of the file came from: its location and its key path (e.g. `rules[2].targets[0].RetryPolicy`).
public struct SourceSite: Sendable, Hashable {
    /// The value's position (nil only when the YAML library gave none).
    public var location: SourceLocation?
    /// The key path from the document root, using the keys as written in the file.
    public var keyPath: String

    /// Creates a site.
    public init(location: SourceLocation?, keyPath: String) {
        self.location = location
        self.keyPath = keyPath
    }
}
