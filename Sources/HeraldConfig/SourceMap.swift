/// The file positions of one declared resource and of its members, so that errors the catalog reports later can be
/// pointed back at the YAML node that produced the value.
///
/// Members are keyed by the catalog's member path (the names its validation messages use, e.g.
/// `retryPolicy.maximumRetryAttempts`), compared case-insensitively.
public struct SourceMap: Sendable, Equatable {
    /// The resource's own node (its mapping in the file).
    public var root: SourceSite
    /// Member sites by lowercased catalog member path.
    var members: [String: SourceSite] = [:]

    /// Creates a map for a resource declared at `root`.
    public init(root: SourceSite) { self.root = root }

    /// Records the site of the member at catalog path `path`.
    mutating func record(_ path: String, _ node: ConfigNode) {
        members[path.lowercased()] = node.site
    }

    /// The site of the member at catalog path `path`: the longest recorded prefix, else the resource itself.
    public func site(forCatalogPath path: String) -> SourceSite {
        var components = path.lowercased().split(separator: ".").map(String.init)
        while !components.isEmpty {
            if let site = members[components.joined(separator: ".")] { return site }
            components.removeLast()
        }
        return root
    }
}
