import HeraldCatalog

extension HeraldConfigFile {
    /// Rejects resources declared twice (rules are keyed by bus and name).
    func checkReferences(_ map: ConfigMapping) throws(ConfigError) {
        try Self.unique(buses.map { ($0.name, $0.sources) }, kind: "bus")
        try Self.unique(connections.map { ($0.name, $0.sources) }, kind: "connection")
        try Self.unique(apiDestinations.map { ($0.name, $0.sources) }, kind: "API destination")
        try Self.unique(rules.map { ("\($0.busName)/\($0.input.name ?? "")", $0.sources) }, kind: "rule")
        try Self.unique(archives.map { ($0.name, $0.sources) }, kind: "archive")
    }

    /// Throws at the second declaration of a name.
    private static func unique(_ items: [(String, SourceMap)], kind: String) throws(ConfigError) {
        var seen: [String: SourceSite] = [:]
        for (name, sources) in items {
            if let first = seen[name] {
                let site = sources.site(forCatalogPath: "name")
                let firstLine = first.location.map { " (first declared at line \($0.line))" } ?? ""
                throw ConfigError(.invalidValue, at: site, "\(kind) '\(name)' is declared twice\(firstLine)")
            }
            seen[name] = sources.root
        }
    }
}
