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
