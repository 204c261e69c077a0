import HeraldCatalog
import Logging

/// Applies a ``HeraldConfigFile`` to a ``Catalog``, comparing before every write.
struct ConfigApplier {
    /// The file being applied.
    let config: HeraldConfigFile
    /// The catalog being changed.
    let catalog: Catalog
    /// Where per-resource lines go.
    let logger: Logger
    /// What happened so far.
    var summary = ApplySummary()

    /// Records and logs one outcome.
    mutating func record(_ kind: String, _ name: String, _ action: ApplySummary.Action) {
        summary.record(kind, name, action)
        logger.debug("configuration resource", metadata: ["kind": "\(kind)", "name": "\(name)", "action": "\(action.rawValue)"])
    }

    /// Checks, before writing anything, that every named reference resolves and that no rule exceeds the target quota.
    func checkReferences() async throws(ConfigError) {
        let snapshot = catalog.snapshot
        let buses = Set(config.buses.map(\.name)).union(snapshot.eventBuses.keys)
        let connections = Set(config.connections.map(\.name)).union(snapshot.connections.keys)
        let destinations = Set(config.apiDestinations.map(\.name)).union(snapshot.apiDestinations.keys)
        for destination in config.apiDestinations {
            if let name = destination.connectionName, !connections.contains(name) {
                throw ConfigError(.invalidValue, at: destination.sources.site(forCatalogPath: "connectionArn"), "connection '\(name)' is not declared in the file and does not exist")
            }
        }
        for rule in config.rules {
            if !buses.contains(rule.busName), !rule.busName.hasPrefix("arn:") {
                throw ConfigError(.invalidValue, at: rule.sources.site(forCatalogPath: "eventBusName"), "event bus '\(rule.busName)' is not declared in the file and does not exist")
            }
            for target in rule.targets {
                if let name = target.apiDestinationName, !destinations.contains(name) {
                    throw ConfigError(.invalidValue, at: target.sources.site(forCatalogPath: "arn"), "API destination '\(name)' is not declared in the file and does not exist")
                }
            }
            let existing = snapshot.rules[RuleKey(bus: ARNs.busName(fromNameOrArn: rule.busName), name: rule.input.name ?? "")]?.targets.map(\.id) ?? []
            let kept = config.prune ? [] : existing
            let total = Set(kept).union(rule.targets.map(\.target.id)).count
            let maximum = catalog.configuration.maxTargetsPerRule
            if total > maximum {
                throw ConfigError(.invalidValue, at: rule.sources.site(forCatalogPath: "targets"), "\(total) targets exceed the maximum of \(maximum) per rule (raise server.MaxTargetsPerRule)")
            }
        }
        for archive in config.archives {
            if let name = archive.busName, !buses.contains(name) {
                throw ConfigError(.invalidValue, at: archive.sources.site(forCatalogPath: "eventSourceArn"), "event bus '\(name)' is not declared in the file and does not exist")
            }
        }
    }

    /// Creates missing buses and updates the description, KMS key and dead-letter settings that differ.
    mutating func applyBuses() async throws(ConfigError) {
        for bus in config.buses {
            let what = "event bus \(bus.name)"
            do throws(CatalogError) {
                guard let existing = catalog.snapshot.eventBuses[bus.name] else {
                    if bus.name == EventBus.defaultName { continue }
                    _ = try await catalog.createEventBus(bus.input)
                    record("bus", bus.name, .created)
                    continue
                }
                let input = bus.input
                let differs = (input.description != nil && input.description != existing.description)
                    || (input.kmsKeyIdentifier != nil && input.kmsKeyIdentifier != existing.kmsKeyIdentifier)
                    || (input.deadLetterConfig != nil && input.deadLetterConfig != existing.deadLetterConfig)
                if differs {
                    _ = try await catalog.updateEventBus(
                        nameOrArn: bus.name, description: input.description, kmsKeyIdentifier: input.kmsKeyIdentifier,
                        deadLetterConfig: input.deadLetterConfig, logConfig: nil
                    )
                }
                record("bus", bus.name, differs ? .updated : .unchanged)
            } catch {
                throw CatalogErrorMapping.map(error, sources: bus.sources, what: what)
            }
        }
    }

    /// Creates missing connections and updates those whose type, parameters (secrets included) or description differ.
    mutating func applyConnections() async throws(ConfigError) {
        for connection in config.connections {
            let input = connection.input
            do throws(CatalogError) {
                guard let existing = catalog.snapshot.connections[connection.name] else {
                    _ = try await catalog.createConnection(input)
                    record("connection", connection.name, .created)
                    continue
                }
                let auth = input.authParameters ?? ConnectionAuthParameters()
                let differs = existing.authorizationType.rawValue != input.authorizationType
                    || existing.authParameters.merging(auth) != existing.authParameters
                    || (input.description != nil && input.description != existing.description)
                    || (input.kmsKeyIdentifier != nil && input.kmsKeyIdentifier != existing.kmsKeyIdentifier)
                if differs {
                    _ = try await catalog.updateConnection(UpdateConnectionInput(
                        name: input.name, description: input.description, authorizationType: input.authorizationType,
                        authParameters: auth, kmsKeyIdentifier: input.kmsKeyIdentifier
                    ))
                }
                record("connection", connection.name, differs ? .updated : .unchanged)
            } catch {
                throw CatalogErrorMapping.map(error, sources: connection.sources, what: "connection \(connection.name)")
            }
        }
    }

    /// Creates missing API destinations and updates those whose connection, endpoint, method or rate limit differ.
    mutating func applyApiDestinations() async throws(ConfigError) {
        for destination in config.apiDestinations {
            var input = destination.input
            do throws(CatalogError) {
                let snapshot = catalog.snapshot
                if let name = destination.connectionName {
                    input.connectionArn = snapshot.connections[name]?.arn
                }
                input.invocationRateLimitPerSecond = input.invocationRateLimitPerSecond ?? ApiDestination.defaultInvocationRateLimitPerSecond
                guard let existing = snapshot.apiDestinations[destination.name] else {
                    _ = try await catalog.createApiDestination(input)
                    record("api-destination", destination.name, .created)
                    continue
                }
                let differs = input.connectionArn != existing.connectionArn
                    || input.invocationEndpoint != existing.invocationEndpoint || input.httpMethod != existing.httpMethod
                    || input.invocationRateLimitPerSecond != existing.invocationRateLimitPerSecond
                    || (input.description != nil && input.description != existing.description)
                if differs { _ = try await catalog.updateApiDestination(input) }
                record("api-destination", destination.name, differs ? .updated : .unchanged)
            } catch {
                throw CatalogErrorMapping.map(error, sources: destination.sources, what: "API destination \(destination.name)")
            }
        }
    }

    /// Creates missing archives and updates those whose pattern, retention or description differ.
    mutating func applyArchives() async throws(ConfigError) {
        for archive in config.archives {
            var input = archive.input
            let snapshot = catalog.snapshot
            if let bus = archive.busName { input.eventSourceArn = snapshot.eventBuses[bus]?.arn }
            if let existing = snapshot.archives[archive.name], input.eventSourceArn != existing.eventSourceArn {
                throw ConfigError(.invalidValue, at: archive.sources.site(forCatalogPath: "eventSourceArn"), "archive \(archive.name) already exists on another bus; an archive's source cannot change")
            }
            do throws(CatalogError) {
                guard let existing = snapshot.archives[archive.name] else {
                    _ = try await catalog.createArchive(input)
                    record("archive", archive.name, .created)
                    continue
                }
                let retention = input.retentionDays ?? 0
                let differs = input.eventPattern != existing.eventPattern || retention != existing.retentionDays
                    || (input.description != nil && input.description != existing.description)
                    || (input.kmsKeyIdentifier != nil && input.kmsKeyIdentifier != existing.kmsKeyIdentifier)
                if differs {
                    _ = try await catalog.updateArchive(ArchiveInput(
                        archiveName: archive.name, description: input.description, eventPattern: input.eventPattern ?? "",
                        retentionDays: retention, kmsKeyIdentifier: input.kmsKeyIdentifier
                    ))
                }
                record("archive", archive.name, differs ? .updated : .unchanged)
            } catch {
                throw CatalogErrorMapping.map(error, sources: archive.sources, what: "archive \(archive.name)")
            }
        }
    }
}
