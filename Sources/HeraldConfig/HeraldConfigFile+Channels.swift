extension HeraldConfigFile {
    /// Adds the connections and API destinations of the declared channels to the file's resources (so applying,
    /// checking and pruning treat them like declared ones) and returns the channels by name.
    /// - Throws: ``ConfigError`` at a channel declared twice or whose name a declared connection or API destination
    ///   already uses.
    mutating func expandChannels() throws(ConfigError) -> [String: ChannelDeclaration] {
        var byName: [String: ChannelDeclaration] = [:]
        for channel in channels {
            let site = channel.sources.site(forCatalogPath: "name")
            if let first = byName[channel.name] {
                let line = first.sources.root.location.map { " (first declared at line \($0.line))" } ?? ""
                throw ConfigError(.invalidValue, at: site, "channel '\(channel.name)' is declared twice\(line)")
            }
            byName[channel.name] = channel
            if let connection = channel.connection {
                if let other = connections.first(where: { $0.name == channel.name }) {
                    throw ConfigError(.invalidValue, at: site, "channel '\(channel.name)' makes a connection of the same name, which connections: already declares\(Self.line(other.sources))")
                }
                connections.append(connection)
            }
            if let destination = channel.apiDestination {
                if let other = apiDestinations.first(where: { $0.name == channel.name }) {
                    throw ConfigError(.invalidValue, at: site, "channel '\(channel.name)' makes an API destination of the same name, which api_destinations: already declares\(Self.line(other.sources))")
                }
                apiDestinations.append(destination)
            }
        }
        return byName
    }

    private static func line(_ sources: SourceMap) -> String {
        sources.root.location.map { " (line \($0.line))" } ?? ""
    }
}
