import HeraldCatalog

extension ConfigApplier {
    /// With `prune: true`: deletes targets of declared rules that the file does not list, then rules, archives, API
    /// destinations, connections and custom buses that the file does not declare. Managed rules are never touched, and
    /// resources the file refers to by name (an API destination of a target, the connection of a remaining
    /// destination, the bus of a rule or archive) are kept.
    mutating func prune() async throws(ConfigError) {
        let root = SourceMap(root: SourceSite(location: nil, keyPath: "prune"))
        do throws(CatalogError) {
            let snapshot = catalog.snapshot
            for (key, rule) in snapshot.rules.sorted(by: { $0.key < $1.key }) where rule.managedBy == nil {
                let label = key.bus == EventBus.defaultName ? key.name : key.description
                guard let declaration = config.rules.first(where: { RuleKey(bus: ARNs.busName(fromNameOrArn: $0.busName), name: $0.input.name ?? "") == key }) else {
                    try await catalog.deleteRule(name: key.name, eventBusName: key.bus, force: true)
                    record("rule", label, .deleted)
                    continue
                }
                let declared = Set(declaration.targets.map(\.target.id))
                let extra = rule.targets.map(\.id).filter { !declared.contains($0) }
                if !extra.isEmpty {
                    _ = try await catalog.removeTargets(rule: key.name, eventBusName: key.bus, ids: extra, force: false)
                    for id in extra { record("target", "\(label)/\(id)", .deleted) }
                }
            }
            let archives = Set(config.archives.map(\.name))
            for name in snapshot.archives.keys.sorted() where !archives.contains(name) {
                try await catalog.deleteArchive(name: name)
                record("archive", name, .deleted)
            }
            // Resources the file refers to by name are kept even when declared only through the API.
            let referencedDestinations = config.rules.flatMap { $0.targets.compactMap(\.apiDestinationName) }
            let destinations = Set(config.apiDestinations.map(\.name)).union(referencedDestinations)
            for name in snapshot.apiDestinations.keys.sorted() where !destinations.contains(name) {
                try await catalog.deleteApiDestination(name: name)
                record("api-destination", name, .deleted)
            }
            let remaining = catalog.snapshot.apiDestinations.values
            let referencedConnections = remaining.compactMap { destination in
                catalog.snapshot.connections.values.first { $0.arn == destination.connectionArn }?.name
            }
            let connections = Set(config.connections.map(\.name)).union(referencedConnections)
            for name in snapshot.connections.keys.sorted() where !connections.contains(name) {
                _ = try await catalog.deleteConnection(name: name)
                record("connection", name, .deleted)
            }
            let referencedBuses = config.rules.map { ARNs.busName(fromNameOrArn: $0.busName) } + config.archives.compactMap(\.busName)
            let buses = Set(config.buses.map(\.name)).union(referencedBuses)
            for name in snapshot.eventBuses.keys.sorted() where !buses.contains(name) && name != EventBus.defaultName {
                try await catalog.deleteEventBus(name: name)
                record("bus", name, .deleted)
            }
        } catch {
            throw CatalogErrorMapping.map(error, sources: root, what: "prune")
        }
    }
}
